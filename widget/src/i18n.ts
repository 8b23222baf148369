// Small message catalogue (en, de, zh, fr, es); the language comes from
// navigator.language, reduced to its two-letter code (fr-CA → fr, zh-TW → zh).

import type { OrderStatus } from "./types";

export interface Strings {
  launcherOpen: string;
  launcherClose: string;
  title: string;
  subtitle: string;
  close: string;
  welcome: string;
  nameLabel: string;
  namePlaceholder: string;
  emailLabel: string;
  emailOptional: string;
  emailPlaceholder: string;
  /** Consent to share shop activity with the support team (CUST-3). */
  shareActivity: string;
  /** The store blocked this visitor (CUST-4): said in their language. */
  blockedNotice: string;
  /** A rating sent before the chat was closed. */
  surveyNotYet: string;
  start: string;
  starting: string;
  nameRequired: string;
  nameTooLong: string;
  emailInvalid: string;
  inputLabel: string;
  inputPlaceholder: string;
  send: string;
  sending: string;
  failed: string;
  retry: string;
  retryLabel: string;
  attach: string;
  download: string;
  sendingFile: (name: string) => string;
  you: string;
  emptyHistory: string;
  loading: string;
  reconnecting: string;
  sessionExpired: string;
  networkError: string;
  unread: (n: number) => string;
  /** "Lena is typing…" */
  typing: (name: string) => string;
  /** The visitor's place in the queue. */
  queue: (n: number) => string;
  messagesLabel: string;
  dismiss: string;
  /** Cards the agent sends (MSG-4). */
  viewProduct: string;
  inStock: string;
  outOfStock: string;
  backIn: (days: number) => string;
  orderLabel: (number: string) => string;
  orderStatus: Record<OrderStatus, string>;
  moreLines: (n: number) => string;
  percentOff: (percent: number) => string;
  amountOff: (amount: string) => string;
  minSpend: (amount: string) => string;
  until: (date: string) => string;
  copyCode: string;
  copied: string;
  /** An image in the chat, opened full size. */
  openImage: string;
  /** The satisfaction survey when the chat is closed (STAT-5). */
  surveyTitle: string;
  stars: (n: number) => string;
  surveyComment: string;
  surveySend: string;
  surveyLater: string;
  surveyThanks: string;
  /** Shown as the author of a reply by the store's bot that has no name. */
  botName: string;
}

const en: Strings = {
  launcherOpen: "Open chat with Fiido support",
  launcherClose: "Close chat",
  title: "Fiido Support",
  subtitle: "We usually reply within a few minutes",
  close: "Close chat",
  welcome: "Hi! Questions about your e-bike, an order or a repair? Tell us who you are and we'll get started.",
  nameLabel: "Your name",
  namePlaceholder: "e.g. Anna",
  emailLabel: "E-mail",
  emailOptional: "(optional)",
  emailPlaceholder: "so we can reply if you leave",
  shareActivity: "Share the products I look at and my cart with the support team",
  blockedNotice: "Sorry, this chat is not available to you any more. For help with an order, please write to the store by e-mail.",
  surveyNotYet: "The chat is still open: you can rate it once it is closed.",
  start: "Start chat",
  starting: "Starting…",
  nameRequired: "Please enter your name.",
  nameTooLong: "Your name can be at most 100 characters.",
  emailInvalid: "Please enter a valid e-mail address.",
  inputLabel: "Your message",
  inputPlaceholder: "Write a message…",
  send: "Send message",
  sending: "Sending…",
  failed: "Not sent.",
  retry: "Retry",
  retryLabel: "Retry sending this message",
  attach: "Send a file (images, PDF, XLSX, ZIP up to 10 MB)",
  download: "Download",
  sendingFile: (name) => `Sending ${name}…`,
  you: "You",
  emptyHistory: "Send us a message — we're happy to help.",
  loading: "Loading…",
  reconnecting: "Connection lost. Reconnecting…",
  sessionExpired: "Your chat session has ended. Please start a new chat.",
  networkError: "Could not reach Fiido support. Please check your connection.",
  unread: (n) => (n === 1 ? "1 unread message" : `${n} unread messages`),
  typing: (name) => `${name} is typing…`,
  queue: (n) => (n === 1 ? "You are next in line." : `You are number ${n} in line.`),
  messagesLabel: "Chat messages",
  dismiss: "Dismiss",
  viewProduct: "View product",
  inStock: "In stock",
  outOfStock: "Out of stock",
  backIn: (days) => (days === 1 ? "Back in 1 day" : `Back in ${days} days`),
  orderLabel: (number) => `Order ${number}`,
  orderStatus: {
    placed: "Placed",
    paid: "Paid",
    shipped: "Shipped",
    delivered: "Delivered",
    cancelled: "Cancelled",
    refunded: "Refunded",
  },
  moreLines: (n) => (n === 1 ? "and 1 more item" : `and ${n} more items`),
  percentOff: (percent) => `${percent} % off`,
  amountOff: (amount) => `${amount} off`,
  minSpend: (amount) => `Orders from ${amount}`,
  until: (date) => `Valid until ${date}`,
  copyCode: "Copy code",
  copied: "Copied",
  openImage: "Open the image",
  surveyTitle: "How did we do?",
  stars: (n) => (n === 1 ? "1 star" : `${n} stars`),
  surveyComment: "Anything to add? (optional)",
  surveySend: "Send rating",
  surveyLater: "Not now",
  surveyThanks: "Thank you for your feedback!",
  botName: "Bot",
};

const de: Strings = {
  launcherOpen: "Chat mit dem Fiido-Support öffnen",
  launcherClose: "Chat schließen",
  title: "Fiido Support",
  subtitle: "Wir antworten meist innerhalb weniger Minuten",
  close: "Chat schließen",
  welcome: "Hallo! Fragen zu deinem E-Bike, einer Bestellung oder einer Reparatur? Sag uns kurz, wer du bist, und los geht's.",
  nameLabel: "Dein Name",
  namePlaceholder: "z. B. Anna",
  emailLabel: "E-Mail",
  emailOptional: "(optional)",
  emailPlaceholder: "damit wir dir auch später antworten können",
  shareActivity: "Die Produkte, die ich ansehe, und meinen Warenkorb mit dem Support teilen",
  blockedNotice: "Dieser Chat steht Ihnen leider nicht mehr zur Verfügung. Für Hilfe zu einer Bestellung schreiben Sie dem Shop bitte eine E-Mail.",
  surveyNotYet: "Der Chat ist noch offen: Sie können ihn bewerten, sobald er geschlossen ist.",
  start: "Chat starten",
  starting: "Wird gestartet…",
  nameRequired: "Bitte gib deinen Namen ein.",
  nameTooLong: "Dein Name darf höchstens 100 Zeichen lang sein.",
  emailInvalid: "Bitte gib eine gültige E-Mail-Adresse ein.",
  inputLabel: "Deine Nachricht",
  inputPlaceholder: "Nachricht schreiben…",
  send: "Nachricht senden",
  sending: "Wird gesendet…",
  failed: "Nicht gesendet.",
  retry: "Erneut senden",
  retryLabel: "Diese Nachricht erneut senden",
  attach: "Datei senden (Bilder, PDF, XLSX, ZIP bis 10 MB)",
  download: "Herunterladen",
  sendingFile: (name) => `${name} wird gesendet…`,
  you: "Du",
  emptyHistory: "Schreib uns eine Nachricht – wir helfen gern.",
  loading: "Wird geladen…",
  reconnecting: "Verbindung unterbrochen. Neuer Versuch…",
  sessionExpired: "Deine Chat-Sitzung ist beendet. Bitte starte einen neuen Chat.",
  networkError: "Der Fiido-Support ist gerade nicht erreichbar. Bitte prüfe deine Verbindung.",
  unread: (n) => (n === 1 ? "1 ungelesene Nachricht" : `${n} ungelesene Nachrichten`),
  typing: (name) => `${name} schreibt…`,
  queue: (n) => (n === 1 ? "Du bist als Nächstes dran." : `Du bist Nummer ${n} in der Warteschlange.`),
  messagesLabel: "Chatnachrichten",
  dismiss: "Schließen",
  viewProduct: "Produkt ansehen",
  inStock: "Auf Lager",
  outOfStock: "Nicht auf Lager",
  backIn: (days) => (days === 1 ? "Wieder da in 1 Tag" : `Wieder da in ${days} Tagen`),
  orderLabel: (number) => `Bestellung ${number}`,
  orderStatus: {
    placed: "Aufgegeben",
    paid: "Bezahlt",
    shipped: "Versandt",
    delivered: "Zugestellt",
    cancelled: "Storniert",
    refunded: "Erstattet",
  },
  moreLines: (n) => (n === 1 ? "und 1 weiterer Artikel" : `und ${n} weitere Artikel`),
  percentOff: (percent) => `${percent} % Rabatt`,
  amountOff: (amount) => `${amount} Rabatt`,
  minSpend: (amount) => `Ab ${amount} Bestellwert`,
  until: (date) => `Gültig bis ${date}`,
  copyCode: "Code kopieren",
  copied: "Kopiert",
  openImage: "Bild öffnen",
  surveyTitle: "Wie zufrieden warst du?",
  stars: (n) => (n === 1 ? "1 Stern" : `${n} Sterne`),
  surveyComment: "Möchtest du noch etwas sagen? (optional)",
  surveySend: "Bewertung senden",
  surveyLater: "Später",
  surveyThanks: "Danke für deine Rückmeldung!",
  botName: "Bot",
};

// Simplified Chinese, also shown for zh-TW / zh-HK. Chinese has no plural forms.
const zh: Strings = {
  launcherOpen: "打开 Fiido 客服聊天",
  launcherClose: "关闭聊天",
  title: "Fiido 客服",
  subtitle: "我们通常会在几分钟内回复",
  close: "关闭聊天",
  welcome: "您好！关于电动自行车、订单或维修有疑问吗？请告诉我们您的称呼，我们这就为您服务。",
  nameLabel: "您的称呼",
  namePlaceholder: "例如：李娜",
  emailLabel: "电子邮箱",
  emailOptional: "（选填）",
  emailPlaceholder: "方便您离开后我们仍能回复您",
  shareActivity: "与客服团队分享我浏览的商品和购物车",
  blockedNotice: "抱歉，您已无法使用此聊天。如需订单帮助，请通过邮件联系店铺。",
  surveyNotYet: "聊天尚未结束：结束后即可评价。",
  start: "开始聊天",
  starting: "正在连接…",
  nameRequired: "请输入您的称呼。",
  nameTooLong: "称呼最多 100 个字符。",
  emailInvalid: "请输入有效的电子邮箱地址。",
  inputLabel: "您的消息",
  inputPlaceholder: "输入消息…",
  send: "发送消息",
  sending: "发送中…",
  failed: "发送失败。",
  retry: "重试",
  retryLabel: "重新发送此消息",
  attach: "发送文件（图片、PDF、XLSX、ZIP，最大 10 MB）",
  download: "下载",
  sendingFile: (name) => `正在发送 ${name}…`,
  you: "我",
  emptyHistory: "给我们发条消息吧，我们很乐意为您提供帮助。",
  loading: "加载中…",
  reconnecting: "连接已断开，正在重新连接…",
  sessionExpired: "您的聊天会话已结束，请重新开始聊天。",
  networkError: "无法连接 Fiido 客服，请检查您的网络连接。",
  unread: (n) => `${n} 条未读消息`,
  typing: (name) => `${name} 正在输入…`,
  queue: (n) => (n === 1 ? "下一位就是您。" : `您当前排在第 ${n} 位。`),
  messagesLabel: "聊天消息",
  dismiss: "关闭",
  viewProduct: "查看商品",
  inStock: "有货",
  outOfStock: "暂时缺货",
  backIn: (days) => `预计 ${days} 天后到货`,
  orderLabel: (number) => `订单 ${number}`,
  orderStatus: {
    placed: "已下单",
    paid: "已付款",
    shipped: "已发货",
    delivered: "已送达",
    cancelled: "已取消",
    refunded: "已退款",
  },
  moreLines: (n) => `另有 ${n} 件商品`,
  percentOff: (percent) => `优惠 ${percent}%`,
  amountOff: (amount) => `立减 ${amount}`,
  minSpend: (amount) => `满 ${amount} 可用`,
  until: (date) => `有效期至 ${date}`,
  copyCode: "复制优惠码",
  copied: "已复制",
  openImage: "查看大图",
  surveyTitle: "您对本次服务满意吗？",
  stars: (n) => `${n} 星`,
  surveyComment: "还有什么想告诉我们的吗？（选填）",
  surveySend: "提交评价",
  surveyLater: "暂不评价",
  surveyThanks: "感谢您的反馈！",
  botName: "智能客服",
};

/** French uses the singular for 0 and 1 ("0 message non lu"). */
const frOne = (n: number): boolean => Math.abs(n) < 2;

// French, formal ("vous"). U+202F before ! ? ; and %, U+00A0 before : (French typography).
const fr: Strings = {
  launcherOpen: "Ouvrir le chat avec le service client Fiido",
  launcherClose: "Fermer le chat",
  title: "Service client Fiido",
  subtitle: "Nous répondons généralement en quelques minutes",
  close: "Fermer le chat",
  welcome:
    "Bonjour\u202f! Une question sur votre vélo électrique, une commande ou une réparation\u202f? Présentez-vous et nous nous occupons de vous.",
  nameLabel: "Votre nom",
  namePlaceholder: "p. ex. Camille",
  emailLabel: "E-mail",
  emailOptional: "(facultatif)",
  emailPlaceholder: "pour vous répondre si vous quittez la page",
  shareActivity: "Partager avec le service client les produits que je consulte et mon panier",
  blockedNotice: "Désolé, ce chat ne vous est plus accessible. Pour toute aide sur une commande, veuillez écrire à la boutique par e-mail.",
  surveyNotYet: "Le chat est encore ouvert : vous pourrez le noter une fois qu'il sera fermé.",
  start: "Démarrer le chat",
  starting: "Démarrage…",
  nameRequired: "Veuillez saisir votre nom.",
  nameTooLong: "Votre nom ne peut pas dépasser 100 caractères.",
  emailInvalid: "Veuillez saisir une adresse e-mail valide.",
  inputLabel: "Votre message",
  inputPlaceholder: "Écrivez un message…",
  send: "Envoyer le message",
  sending: "Envoi en cours…",
  failed: "Non envoyé.",
  retry: "Réessayer",
  retryLabel: "Renvoyer ce message",
  attach: "Envoyer un fichier (images, PDF, XLSX, ZIP jusqu’à 10\u00a0Mo)",
  download: "Télécharger",
  sendingFile: (name) => `Envoi de ${name}…`,
  you: "Vous",
  emptyHistory: "Envoyez-nous un message, nous serons ravis de vous aider.",
  loading: "Chargement…",
  reconnecting: "Connexion perdue. Reconnexion en cours…",
  sessionExpired: "Votre session de chat est terminée. Veuillez démarrer un nouveau chat.",
  networkError: "Impossible de joindre le service client Fiido. Veuillez vérifier votre connexion.",
  unread: (n) => (frOne(n) ? `${n} message non lu` : `${n} messages non lus`),
  typing: (name) => `${name} est en train d’écrire…`,
  queue: (n) => (n === 1 ? "C’est bientôt à vous." : `Vous êtes en position ${n} dans la file d’attente.`),
  messagesLabel: "Messages du chat",
  dismiss: "Fermer",
  viewProduct: "Voir le produit",
  inStock: "En stock",
  outOfStock: "En rupture de stock",
  backIn: (days) => (frOne(days) ? `De nouveau disponible dans ${days} jour` : `De nouveau disponible dans ${days} jours`),
  orderLabel: (number) => `Commande ${number}`,
  orderStatus: {
    placed: "Passée",
    paid: "Payée",
    shipped: "Expédiée",
    delivered: "Livrée",
    cancelled: "Annulée",
    refunded: "Remboursée",
  },
  moreLines: (n) => (frOne(n) ? `et ${n} autre article` : `et ${n} autres articles`),
  percentOff: (percent) => `${percent}\u202f% de réduction`,
  amountOff: (amount) => `${amount} de réduction`,
  minSpend: (amount) => `Dès ${amount} d’achat`,
  until: (date) => `Valable jusqu’au ${date}`,
  copyCode: "Copier le code",
  copied: "Copié",
  openImage: "Ouvrir l’image",
  surveyTitle: "Comment évaluez-vous notre service\u202f?",
  stars: (n) => (frOne(n) ? `${n} étoile` : `${n} étoiles`),
  surveyComment: "Un commentaire\u202f? (facultatif)",
  surveySend: "Envoyer l’évaluation",
  surveyLater: "Plus tard",
  surveyThanks: "Merci pour votre retour\u202f!",
  botName: "Assistant virtuel",
};

// Spanish, formal ("usted"), neutral between Spain and Latin America.
const es: Strings = {
  launcherOpen: "Abrir el chat con la atención al cliente de Fiido",
  launcherClose: "Cerrar el chat",
  title: "Atención al cliente Fiido",
  subtitle: "Solemos responder en pocos minutos",
  close: "Cerrar el chat",
  welcome:
    "¡Hola! ¿Tiene alguna pregunta sobre su bicicleta eléctrica, un pedido o una reparación? Díganos su nombre y empezamos.",
  nameLabel: "Su nombre",
  namePlaceholder: "p. ej., Ana",
  emailLabel: "Correo electrónico",
  emailOptional: "(opcional)",
  emailPlaceholder: "para poder responderle si se va",
  shareActivity: "Compartir con el equipo de atención los productos que veo y mi carrito",
  blockedNotice: "Lo sentimos, este chat ya no está disponible para usted. Para ayuda con un pedido, escriba a la tienda por correo electrónico.",
  surveyNotYet: "El chat sigue abierto: podrá valorarlo cuando se cierre.",
  start: "Iniciar chat",
  starting: "Iniciando…",
  nameRequired: "Escriba su nombre, por favor.",
  nameTooLong: "Su nombre no puede superar los 100 caracteres.",
  emailInvalid: "Escriba una dirección de correo electrónico válida, por favor.",
  inputLabel: "Su mensaje",
  inputPlaceholder: "Escriba un mensaje…",
  send: "Enviar mensaje",
  sending: "Enviando…",
  failed: "No enviado.",
  retry: "Reintentar",
  retryLabel: "Volver a enviar este mensaje",
  attach: "Enviar un archivo (imágenes, PDF, XLSX, ZIP de hasta 10\u00a0MB)",
  download: "Descargar",
  sendingFile: (name) => `Enviando ${name}…`,
  you: "Usted",
  emptyHistory: "Envíenos un mensaje: estaremos encantados de ayudarle.",
  loading: "Cargando…",
  reconnecting: "Se perdió la conexión. Reconectando…",
  sessionExpired: "Su sesión de chat ha finalizado. Inicie un nuevo chat, por favor.",
  networkError: "No se pudo conectar con la atención al cliente de Fiido. Compruebe su conexión, por favor.",
  unread: (n) => (n === 1 ? "1 mensaje sin leer" : `${n} mensajes sin leer`),
  typing: (name) => `${name} está escribiendo…`,
  queue: (n) => (n === 1 ? "Ya casi es su turno." : `Está en el puesto ${n} de la lista de espera.`),
  messagesLabel: "Mensajes del chat",
  dismiss: "Cerrar",
  viewProduct: "Ver producto",
  inStock: "Disponible",
  outOfStock: "Agotado",
  backIn: (days) => (days === 1 ? "De nuevo disponible en 1 día" : `De nuevo disponible en ${days} días`),
  orderLabel: (number) => `Pedido ${number}`,
  orderStatus: {
    placed: "Realizado",
    paid: "Pagado",
    shipped: "Enviado",
    delivered: "Entregado",
    cancelled: "Cancelado",
    refunded: "Reembolsado",
  },
  moreLines: (n) => (n === 1 ? "y 1 artículo más" : `y ${n} artículos más`),
  percentOff: (percent) => `${percent}\u00a0% de descuento`,
  amountOff: (amount) => `${amount} de descuento`,
  minSpend: (amount) => `En pedidos desde ${amount}`,
  until: (date) => `Válido hasta el ${date}`,
  copyCode: "Copiar código",
  copied: "Copiado",
  openImage: "Abrir la imagen",
  surveyTitle: "¿Cómo valora nuestra atención?",
  stars: (n) => (n === 1 ? "1 estrella" : `${n} estrellas`),
  surveyComment: "¿Algo que añadir? (opcional)",
  surveySend: "Enviar valoración",
  surveyLater: "Ahora no",
  surveyThanks: "¡Gracias por su opinión!",
  botName: "Asistente virtual",
};

/** Keyed by the two-letter code browserLanguage() gives, so fr-CA → fr, zh-TW → zh, es-MX → es. */
const catalogue: Record<string, Strings> = { en, de, zh, fr, es };

/** Two-letter language code of the visitor's browser, e.g. "de"; "en" when unknown. */
export function browserLanguage(): string {
  const raw = (typeof navigator !== "undefined" && navigator.language) || "en";
  const code = raw.slice(0, 2).toLowerCase();
  return /^[a-z]{2}$/.test(code) ? code : "en";
}

export function stringsFor(language: string): Strings {
  return catalogue[language] || en;
}
