<#assign items = upcoming![]>
<#assign n = items?size>
<#assign allClients = true>
<#list items as u>
<#if !(u.contact.isClient!false)><#assign allClients = false></#if>
</#list>
<#if allClients>
<#assign who = (n == 1)?then("client", "clients")>
<#else>
<#assign who = (n == 1)?then("person", "people")>
</#if>
<#if !days??>
<#assign period = "soon">
<#elseif days == 7>
<#assign period = "this week">
<#elseif days == 1>
<#assign period = "today or tomorrow">
<#else>
<#assign period = "in the next " + days?c + " days">
</#if>
<#assign title = (n == 0)?then("No dates to celebrate " + period, n?c + " " + who + " to celebrate " + period)>
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
</head>
<body style="margin:0; padding:24px 12px; background-color:#f5f3ef;">
<table role="presentation" align="center" width="100%" cellpadding="0" cellspacing="0" border="0" style="width:100%; max-width:560px; margin:0 auto; border-collapse:collapse;">
<tr>
<td style="padding:32px 36px; background-color:#ffffff; border-radius:6px; font-family:-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif; font-size:16px; line-height:1.65; color:#2d2a26;">
<#assign newClients = (yesterday.newClients.count)!0>
<#assign failures = (yesterday.failures.count)!0>
<p style="margin:0 0 18px;">Hello<#if (staff.displayName)??> ${staff.displayName}</#if>,</p>
<#if n == 0>
<p style="margin:0 0 18px;">Nothing is coming up at ${partner.name} ${period}: no birthdays, anniversaries or other dates to mark.</p>
<p style="margin:0 0 18px;">A quiet spell is a good moment to call a client you haven't heard from in a while. They'll be glad you thought of them.</p>
<#else>
<p style="margin:0 0 18px;">Here's who has a date worth marking at ${partner.name} ${period}. An email may already be on its way; a call or a few words from someone they know is what people remember.</p>
<#list items as u>
  <#assign years = u.years!0>
  <#if u.kind == "BIRTHDAY">
  <#assign what = "birthday" + (years gt 0)?then(", turning " + years?c, "")>
  <#elseif u.kind == "CLIENT_ANNIVERSARY">
  <#assign what = (years == 1)?then("1 year as a client", (years gt 1)?then(years?c + " years as a client", "client anniversary"))>
  <#else>
  <#assign what = (u.label!(u.kind?lower_case?replace("_", " ")))?cap_first + (years == 1)?then(", 1 year", (years gt 1)?then(", " + years?c + " years", ""))>
  </#if>
  <#if u.kind != "CLIENT_ANNIVERSARY" && (u.contact.isClient!false) && (u.contact.yearsAsClient!0) gt 0>
  <#assign what = what + " (client for " + (u.contact.yearsAsClient == 1)?then("a year", u.contact.yearsAsClient?c + " years") + ")">
  </#if>
  <#assign daysUntil = u.daysUntil!0>
  <#if daysUntil lte 0>
  <#assign when = "Today">
  <#elseif daysUntil == 1>
  <#assign when = "Tomorrow">
  <#else>
  <#assign when = "In " + daysUntil?c + " days">
  <#if u.dateText??><#assign when = when + ", " + u.dateText></#if>
  </#if>
  <#if u.suggestion??>
  <#assign when = when + ". Suggested: " + u.suggestion>
  </#if>
<p style="margin:0 0 12px; padding:12px 16px; background-color:#f7f4ee; border-left:3px solid #c8b48e;"><strong><#if u.contact.url??><a href="${u.contact.url}" style="color:#2d2a26;">${u.contact.fullName}</a><#else>${u.contact.fullName}</#if></strong> &mdash; ${what}<br><span style="color:#5f5a52;">${when}.</span><#if u.contact.email?? && u.contact.email != u.contact.fullName><br><a href="mailto:${u.contact.email}" style="font-size:14px; color:#7a6a4f;">${u.contact.email}</a></#if></p>
</#list>
<p style="margin:18px 0 18px;">Small gestures like these are how customers become clients. Thank you for taking the time.</p>
</#if>
<#if newClients gt 0 || failures gt 0>
<p style="margin:24px 0 12px;"><strong>Yesterday<#if (yesterday.dateText)??> (${yesterday.dateText})</#if></strong></p>
<#if newClients gt 0>
<p style="margin:0 0 12px;">${(newClients == 1)?then("One new client", newClients?c + " new clients")}: <#list yesterday.newClients.items as c><#if c.url??><a href="${c.url}" style="color:#2d2a26;">${c.fullName}</a><#else>${c.fullName}</#if><#sep>, </#list><#if newClients gt yesterday.newClients.items?size> and ${(newClients - yesterday.newClients.items?size)?c} more</#if>. A personal welcome goes a long way.</p>
</#if>
<#if failures gt 0>
<p style="margin:0 0 12px;">${(failures == 1)?then("One message", failures?c + " messages")} could not be sent:</p>
<#list yesterday.failures.items as f>
<p style="margin:0 0 8px; padding:8px 16px; border-left:3px solid #c0392b;"><a href="${f.url}" style="color:#2d2a26;">${f.contact.fullName}</a> &mdash; ${f.program}<#if f.reason??> <span style="color:#5f5a52;">(${f.reason})</span></#if></p>
</#list>
<#if failures gt yesterday.failures.items?size><p style="margin:0 0 12px;">&hellip; and ${(failures - yesterday.failures.items?size)?c} more in the send log.</p></#if>
</#if>
</#if>
<#if consoleUrl??><p style="margin:18px 0 0;"><a href="${consoleUrl}" style="color:#7a6a4f;">Open the console</a></p></#if>
<p style="margin:24px 0 0;">Gratitude, for the ${partner.name} team</p>
</td>
</tr>
<tr>
<td style="padding:16px 36px; text-align:center; font-family:-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif; font-size:12px; line-height:1.5; color:#8a847b;">
Staff reminder for ${partner.name}. It goes to your team only, never to your contacts.
</td>
</tr>
</table>
</body>
</html>
