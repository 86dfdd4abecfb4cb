<#assign count = purchases.count!0>
<#if count gt 1>
<#assign opening = "Vous avez choisi " + partner.name + " " + count?c + " fois déjà, et je tenais à vous écrire personnellement pour vous dire merci.">
<#else>
<#assign opening = "Je tenais à vous écrire personnellement pour vous remercier de la confiance que vous accordez à " + partner.name + ".">
</#if>
<#if contact.firstName??>
<#assign title = "Bienvenue, " + contact.firstName + ", et merci">
<#else>
<#assign title = "Bienvenue et merci de la part de " + partner.name>
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
<p style="margin:0 0 18px;">${opening}</p>
<p style="margin:0 0 18px;">À partir d'aujourd'hui, nous vous comptons parmi nos clients. Concrètement, cela veut dire que nous allons apprendre à mieux vous connaître : nous retiendrons les dates qui comptent pour vous, je prendrai de vos nouvelles de temps en temps, et dès que vous aurez besoin de quelque chose, il vous suffira de répondre à l'un de nos e-mails pour me joindre directement.</p>
<p style="margin:0 0 18px;">Merci de votre confiance. Nous ferons de notre mieux pour la mériter.</p>
<p style="margin:24px 0 0;">Chaleureusement,<br>${partner.senderName}</p>
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
