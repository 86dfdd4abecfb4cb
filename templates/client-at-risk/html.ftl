<#if contact.lastPurchase??>
<#assign since = "It's been a while since your last visit (" + contact.lastPurchase.dateText + "), and ">
<#else>
<#assign since = "It's been a while since we last saw you, and ">
</#if>
<#if contact.firstName??>
<#assign title = contact.firstName + ", we've missed you">
<#else>
<#assign title = "We've missed you at " + partner.name>
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
<p style="margin:0 0 18px;">${since}I wanted to write to you personally rather than let the time slip by.</p>
<p style="margin:0 0 18px;"><#if contact.tenureText??>You've been with us for ${contact.tenureText}, and that means a lot to us. </#if>If anything about your last experience wasn't right, or if your needs have changed, I'd really like to know. Just reply to this email: it comes straight to me.</p>
<p style="margin:0 0 18px;">And if life has simply been busy, no worries at all. We'll be glad to see you whenever suits you.</p>
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
