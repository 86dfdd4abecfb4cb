<#assign early = (occasion.daysUntil!0) gt 0>
<#assign age = occasion.years!0>
<#assign clientYears = contact.isClient?then(contact.yearsAsClient!0, 0)>
<#assign title = early?then("Un joyeux anniversaire en avance", "Joyeux anniversaire")>
<#if contact.firstName??>
<#assign title = title + ", " + contact.firstName>
<#else>
<#assign title = title + " de la part de " + partner.name>
</#if>
<!DOCTYPE html>
<html lang="${locale!'fr'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
</head>
<body style="margin:0; padding:24px 12px; background-color:#f5f3ef;">
<table role="presentation" align="center" width="100%" cellpadding="0" cellspacing="0" border="0" style="width:100%; max-width:560px; margin:0 auto; border-collapse:collapse;">
<tr>
<td style="padding:32px 36px; background-color:#ffffff; border-radius:6px; font-family:-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif; font-size:16px; line-height:1.65; color:#2d2a26;">
<p style="margin:0 0 18px;">Bonjour<#if contact.firstName??> ${contact.firstName}</#if>,</p>
<#if early>
<p style="margin:0 0 18px;">Votre anniversaire approche<#if occasion.dateText??> (le ${occasion.dateText})</#if>, et je ne voulais pas le laisser passer sans un petit mot. J'espère que cette journée vous apportera de bonnes personnes autour de vous, un moment rien que pour vous, et au moins une chose qui vous rende vraiment heureux·se.</p>
<#else>
<p style="margin:0 0 18px;">Joyeux anniversaire ! J'espère que cette journée vous apportera de bonnes personnes autour de vous, un moment rien que pour vous, et au moins une chose qui vous rende vraiment heureux·se.</p>
</#if>
<#if age gt 0>
<p style="margin:0 0 18px;">À vos ${age?c} ans, et à l'année qui commence.<#if clientYears gt 0 && clientYears lt age> Nous sommes heureux d'avoir fait partie <#if clientYears == 1>de la dernière<#else>des ${clientYears?c} dernières</#if>.</#if></p>
<#elseif clientYears gt 0>
<p style="margin:0 0 18px;">Nous sommes heureux d'avoir partagé <#if clientYears == 1>cette dernière année<#else>ces ${clientYears?c} dernières années</#if> avec vous.</p>
</#if>
<p style="margin:0 0 18px;">Merci d'être l'une des personnes qui donnent tout son sens à ${partner.name}. Nul besoin de répondre : c'est simplement pour vous dire que nous pensons à vous.</p>
<p style="margin:24px 0 0;">Bien chaleureusement,<br>${partner.senderName}</p>
</td>
</tr>
<tr>
<td style="padding:16px 36px; text-align:center; font-family:-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif; font-size:12px; line-height:1.5; color:#8a847b;">
${partner.name} &middot; <a href="${unsubscribeUrl}" style="color:#8a847b; text-decoration:underline;">Se désabonner</a>
</td>
</tr>
</table>
</body>
</html>
