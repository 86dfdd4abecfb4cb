<#assign clientYears = contact.yearsAsClient!0>
<#if clientYears == 1>
<#assign tenure = "Cela fait maintenant un an que vous êtes client·e chez nous, et ">
<#elseif clientYears gt 1>
<#assign tenure = "Cela fait maintenant " + clientYears?c + " ans que vous êtes client·e chez nous, et ">
<#else>
<#assign tenure = "">
</#if>
<#if contact.firstName??>
<#assign title = "Des nouvelles, " + contact.firstName + " ?">
<#else>
<#assign title = "Des nouvelles de " + partner.name + " ?">
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
<p style="margin:0 0 18px;">Pas d'occasion particulière aujourd'hui : je voulais simplement prendre de vos nouvelles. Comment allez-vous, et est-ce que nous répondons toujours bien à vos attentes ?</p>
<p style="margin:0 0 18px;">${tenure}<#if tenure?has_content>je<#else>Je</#if> préfère de loin vous entendre directement plutôt que deviner. Si vous avez besoin de quelque chose, si nous pouvons mieux faire, ou si vous souhaitez simplement nous dire quelque chose, répondez à cet e-mail : il m'arrive directement, et je les lis tous.</p>
<p style="margin:0 0 18px;">Merci de rester fidèle à ${partner.name}.</p>
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
