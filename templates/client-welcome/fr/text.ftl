<#assign count = purchases.count!0>
<#if count gt 1>
<#assign opening = "Vous avez choisi " + partner.name + " " + count?c + " fois déjà, et je tenais à vous écrire personnellement pour vous dire merci.">
<#else>
<#assign opening = "Je tenais à vous écrire personnellement pour vous remercier de la confiance que vous accordez à " + partner.name + ".">
</#if>
Bonjour<#if contact.firstName??> ${contact.firstName}</#if>,

${opening}

À partir d'aujourd'hui, nous vous comptons parmi nos clients. Concrètement, cela veut dire que nous allons apprendre à mieux vous connaître : nous retiendrons les dates qui comptent pour vous, je prendrai de vos nouvelles de temps en temps, et dès que vous aurez besoin de quelque chose, il vous suffira de répondre à l'un de nos e-mails pour me joindre directement.

Merci de votre confiance. Nous ferons de notre mieux pour la mériter.

Chaleureusement,
${partner.senderName}

Se désabonner : ${unsubscribeUrl}
