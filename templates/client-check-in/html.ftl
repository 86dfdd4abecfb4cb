<#assign clientYears = contact.yearsAsClient!0>
<#if clientYears == 1>
<#assign tenure = "You've been a client of ours for a year now, and ">
<#elseif clientYears gt 1>
<#assign tenure = "You've been a client of ours for " + clientYears?c + " years now, and ">
<#else>
<#assign tenure = "">
</#if>
<#if contact.firstName??>
<#assign title = "Checking in, " + contact.firstName>
<#else>
<#assign title = "Checking in from " + partner.name>
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
<p style="margin:0 0 18px;">There's no special occasion today; I just wanted to check in. How are you doing, and are we still getting things right for you?</p>
<p style="margin:0 0 18px;">${tenure}I'd much rather hear from you directly than guess. If there's something you need, something we could do better, or something you'd like us to know, just reply to this email. It comes straight to me, and I read every one.</p>
<p style="margin:0 0 18px;">Thank you for sticking with ${partner.name}.</p>
<p style="margin:24px 0 0;">Warmly,<br>${partner.senderName}</p>
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
