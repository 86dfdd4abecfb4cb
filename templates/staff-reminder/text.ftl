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
<#assign newClients = (yesterday.newClients.count)!0>
<#assign failures = (yesterday.failures.count)!0>
Hello<#if (staff.displayName)??> ${staff.displayName}</#if>,

<#if n == 0>
Nothing is coming up at ${partner.name} ${period}: no birthdays, anniversaries or other dates to mark.

A quiet spell is a good moment to call a client you haven't heard from in a while. They'll be glad you thought of them.
<#else>
Here's who has a date worth marking at ${partner.name} ${period}. An email may already be on its way; a call or a few words from someone they know is what people remember.

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
- ${u.contact.fullName}<#if u.contact.email?? && u.contact.email != u.contact.fullName> <${u.contact.email}></#if>: ${what}
  ${when}.<#if u.contact.url??>
  ${u.contact.url}</#if>

</#list>
Small gestures like these are how customers become clients. Thank you for taking the time.
</#if>
<#if newClients gt 0 || failures gt 0>

Yesterday<#if (yesterday.dateText)??> (${yesterday.dateText})</#if>:
<#if newClients gt 0>
- ${(newClients == 1)?then("One new client", newClients?c + " new clients")}: <#list yesterday.newClients.items as c>${c.fullName}<#sep>, </#list><#if newClients gt yesterday.newClients.items?size> and ${(newClients - yesterday.newClients.items?size)?c} more</#if>. A personal welcome goes a long way.
</#if>
<#if failures gt 0>
- ${(failures == 1)?then("One message", failures?c + " messages")} could not be sent:
<#list yesterday.failures.items as f>
  ${f.contact.fullName}: ${f.program}<#if f.reason??> (${f.reason})</#if>
  ${f.url}
</#list>
<#if failures gt yesterday.failures.items?size>  ... and ${(failures - yesterday.failures.items?size)?c} more in the send log.
</#if>
</#if>
</#if>
<#if consoleUrl??>

The console: ${consoleUrl}
</#if>

Gratitude, for the ${partner.name} team
