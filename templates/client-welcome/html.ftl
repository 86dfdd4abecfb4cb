<#assign count = purchases.count!0>
<#if count gt 1>
<#assign opening = "You've chosen " + partner.name + " " + count?c + " times now, and I wanted to write to you personally to say thank you.">
<#else>
<#assign opening = "I wanted to write to you personally to thank you for the trust you've shown " + partner.name + ".">
</#if>
<#if contact.firstName??>
<#assign title = "Welcome, " + contact.firstName + ", and thank you">
<#else>
<#assign title = "A welcome and a thank-you from " + partner.name>
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
<p style="margin:0 0 18px;">${opening}</p>
<p style="margin:0 0 18px;">From today we count you as one of our clients. In practice that means we'll get to know you a little better: we'll remember the dates that matter to you, I'll check in now and then, and whenever you need something, you can reply to any of our emails and it will reach me directly.</p>
<p style="margin:0 0 18px;">Thank you for trusting us. We'll do our best to deserve it.</p>
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
