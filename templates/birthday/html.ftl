<#assign early = (occasion.daysUntil!0) gt 0>
<#assign age = occasion.years!0>
<#assign clientYears = contact.isClient?then(contact.yearsAsClient!0, 0)>
<#assign title = early?then("An early happy birthday", "Happy birthday")>
<#if contact.firstName??>
<#assign title = title + ", " + contact.firstName>
<#else>
<#assign title = title + " from " + partner.name>
</#if>
<!DOCTYPE html>
<html lang="${contact.locale!'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
</head>
<body style="margin:0; padding:24px 12px; background-color:#f5f3ef;">
<table role="presentation" align="center" width="100%" cellpadding="0" cellspacing="0" border="0" style="width:100%; max-width:560px; margin:0 auto; border-collapse:collapse;">
<tr>
<td style="padding:32px 36px; background-color:#ffffff; border-radius:6px; font-family:-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif; font-size:16px; line-height:1.65; color:#2d2a26;">
<p style="margin:0 0 18px;">Hi ${contact.firstName!"there"},</p>
<#if early>
<p style="margin:0 0 18px;">Your birthday is<#if occasion.dateText??> on ${occasion.dateText}<#else> coming up</#if>, and I didn't want it to slip by without a note. I hope the day brings good company, a little time for yourself, and at least one thing that makes you properly happy.</p>
<#else>
<p style="margin:0 0 18px;">Happy birthday. I hope today brings good company, a little time for yourself, and at least one thing that makes you properly happy.</p>
</#if>
<#if age gt 0>
<p style="margin:0 0 18px;">Here's to ${age?c} years, and to the one just beginning.<#if clientYears gt 0 && clientYears lt age> We're glad to have been part of the last <#if clientYears == 1>one<#else>${clientYears?c}</#if>.</#if></p>
<#elseif clientYears gt 0>
<p style="margin:0 0 18px;">We're glad to have shared the last <#if clientYears == 1>year<#else>${clientYears?c} years</#if> with you.</p>
</#if>
<p style="margin:0 0 18px;">Thank you for being one of the people who make ${partner.name} worth doing. There's no need to reply; this is simply to say we're thinking of you.</p>
<p style="margin:24px 0 0;">Warm wishes,<br>${partner.senderName}</p>
</td>
</tr>
<tr>
<td style="padding:16px 36px; text-align:center; font-family:-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif; font-size:12px; line-height:1.5; color:#8a847b;">
${partner.name} &middot; <a href="${unsubscribeUrl}" style="color:#8a847b; text-decoration:underline;">Unsubscribe</a>
</td>
</tr>
</table>
</body>
</html>
