<#assign years = occasion.years!(contact.yearsAsClient!0)>
<#if years == 1>
<#assign span = "un an">
<#elseif years gt 1>
<#assign span = years?c + " ans">
<#else>
<#assign span = "une année de plus">
</#if>
<#if (occasion.daysUntil!0) gt 0 && occasion.dateText??>
<#assign opening = "Le " + occasion.dateText + ", cela fera " + span + " que vous êtes client·e de " + partner.name + ".">
<#else>
<#assign opening = "Cela fait aujourd'hui " + span + " que vous êtes client·e de " + partner.name + ".">
</#if>
<#if years gt 1>
<#assign reflection = "C'est long, de continuer à choisir les mêmes personnes, et je ne le prends jamais pour acquis.">
<#elseif years == 1>
<#assign reflection = "Il y a un an, vous faisiez à peine notre connaissance ; j'espère qu'aujourd'hui, nous vous connaissons un peu nous aussi.">
<#else>
<#assign reflection = "Je ne le prends jamais pour acquis.">
</#if>
<#if years == 1>
<#assign thanks = "Merci pour cette première année">
<#elseif years gt 1>
<#assign thanks = "Merci pour ces " + years?c + " ans">
<#else>
<#assign thanks = "Merci pour cette année de plus">
</#if>
<#if contact.firstName??>
<#assign title = thanks + ", " + contact.firstName>
<#else>
<#assign title = thanks + " avec " + partner.name>
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
<p style="margin:0 0 18px;">${opening} ${reflection}</p>
<p style="margin:0 0 18px;">Merci pour chaque commande, chaque échange, et chaque marque de patience les jours où nous n'avons pas tout à fait été à la hauteur. Ce sont des personnes comme vous qui font le meilleur de ${partner.name}.</p>
<p style="margin:0 0 18px;">Si nous pouvons faire quoi que ce soit pour vous, répondez simplement à cet e-mail : il m'arrive directement.</p>
<p style="margin:24px 0 0;">Avec toute ma reconnaissance,<br>${partner.senderName}</p>
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
