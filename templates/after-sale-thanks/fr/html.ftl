<#if contact.firstName??>
<#assign title = "Merci, " + contact.firstName>
<#else>
<#assign title = "Merci de la part de " + partner.name>
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
<#if sale.description??>
<p style="margin:0 0 18px;">Merci de nous avoir choisis pour ${sale.description}. J'espère que vous en êtes pleinement satisfait·e.</p>
<#else>
<p style="margin:0 0 18px;">Merci pour votre commande. J'espère que vous en êtes pleinement satisfait·e.</p>
</#if>
<#if contact.isClient && (contact.yearsAsClient!0) gte 1>
<p style="margin:0 0 18px;">Cela fait maintenant <#if contact.yearsAsClient == 1>un an<#else>${contact.yearsAsClient?c} ans</#if> que vous êtes client·e chez nous, et je ne le prends jamais pour acquis. Merci de continuer à faire confiance à ${partner.name}.</p>
<#elseif contact.isClient || (purchases.count!0) gt 1>
<p style="margin:0 0 18px;">C'est toujours un plaisir de voir revenir un visage familier, et cela ne passe pas inaperçu ici.</p>
<#else>
<p style="margin:0 0 18px;">C'était votre première commande chez ${partner.name}, et cela compte beaucoup pour nous que vous nous ayez fait confiance.</p>
</#if>
<p style="margin:0 0 18px;">Si quelque chose n'allait pas tout à fait, répondez simplement à cet e-mail : il m'arrive directement, et je m'en occupe.</p>
<p style="margin:0 0 18px; font-size:14px; color:#6b655d;">Pour mémoire : <#if sale.ref??>commande ${sale.ref}<#else>votre commande</#if><#if sale.dateText??> du ${sale.dateText}</#if><#if sale.amountText??>, ${sale.amountText}</#if>.</p>
<p style="margin:24px 0 0;">Avec toute ma gratitude,<br>${partner.senderName}</p>
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
