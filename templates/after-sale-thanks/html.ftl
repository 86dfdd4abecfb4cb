<#if contact.firstName??>
<#assign title = "Thank you, " + contact.firstName>
<#else>
<#assign title = "Thank you from " + partner.name>
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
<#if sale.description??>
<p style="margin:0 0 18px;">Thank you for choosing us for ${sale.description}. I hope it's everything you wanted.</p>
<#else>
<p style="margin:0 0 18px;">Thank you for your order. I hope it's everything you wanted.</p>
</#if>
<#if contact.isClient && (contact.yearsAsClient!0) gte 1>
<p style="margin:0 0 18px;">You've been a client of ours for <#if contact.yearsAsClient == 1>a year<#else>${contact.yearsAsClient?c} years</#if> now, and I don't take that for granted. Thank you for continuing to trust ${partner.name}.</p>
<#elseif contact.isClient || (purchases.count!0) gt 1>
<p style="margin:0 0 18px;">It's always good to see a familiar name come back, and it doesn't go unnoticed here.</p>
<#else>
<p style="margin:0 0 18px;">It was your first order with ${partner.name}, and it means a lot that you gave us a try.</p>
</#if>
<p style="margin:0 0 18px;">If anything wasn't quite right, just reply to this email. It comes straight to me, and I'll sort it out.</p>
<p style="margin:0 0 18px; font-size:14px; color:#6b655d;">For your records: <#if sale.ref??>order ${sale.ref}<#else>your order</#if><#if sale.dateText??> of ${sale.dateText}</#if><#if sale.amountText??>, ${sale.amountText}</#if>.</p>
<p style="margin:24px 0 0;">With thanks,<br>${partner.senderName}</p>
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
