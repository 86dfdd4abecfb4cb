<#assign years = occasion.years!(contact.yearsAsClient!0)>
<#if years == 1>
<#assign span = "one year">
<#elseif years gt 1>
<#assign span = years?c + " years">
<#else>
<#assign span = "another year">
</#if>
<#if (occasion.daysUntil!0) gt 0 && occasion.dateText??>
<#assign opening = "On " + occasion.dateText + " it will be " + span + " since you became a client of " + partner.name + ".">
<#else>
<#assign opening = "Today marks " + span + " since you became a client of " + partner.name + ".">
</#if>
<#if years gt 1>
<#assign reflection = "That's a long time to keep choosing the same people, and I don't take it for granted.">
<#elseif years == 1>
<#assign reflection = "A year ago you were still getting to know us; I hope by now it feels like we know you a little too.">
<#else>
<#assign reflection = "I don't take that for granted.">
</#if>
<#if contact.firstName??>
<#assign title = "Thank you for " + span + ", " + contact.firstName>
<#else>
<#assign title = "Thank you for " + span + " with " + partner.name>
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
<p style="margin:0 0 18px;">${opening} ${reflection}</p>
<p style="margin:0 0 18px;">Thank you for every order, every conversation, and every bit of patience on the days we didn't get things quite right. People like you are the best part of running ${partner.name}.</p>
<p style="margin:0 0 18px;">If there's ever anything we can do for you, just reply to this email. It comes straight to me.</p>
<p style="margin:24px 0 0;">With gratitude,<br>${partner.senderName}</p>
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
