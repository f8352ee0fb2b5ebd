//! Every sentence `diagnose` writes, in English and French.

use crate::lang::Text;

pub(super) const PER_ADDRESS: Text = Text {
    en: "{server}'s per-address limit{of_n}: every connection from your address counts, your client's parallel transfers and any session still open from before included.",
    fr: "la limite par adresse de {server}{of_n} : chaque connexion venant de votre adresse compte, y compris les transferts parallèles de votre client et toute session restée ouverte.",
};

pub(super) const GLOBAL: Text = Text {
    en: "{server}'s global limit{of_n}: the server is full for everybody, whatever your client does.",
    fr: "la limite globale de {server}{of_n} : le serveur est plein pour tout le monde, quoi que fasse votre client.",
};

pub(super) const RATE: Text = Text {
    en: "{server}'s connection rate limit: too many new connections in a short time.",
    fr: "la limite de débit de connexions de {server} : trop de nouvelles connexions en peu de temps.",
};

pub(super) const LOGGED_IN: Text = Text {
    en: "{server}'s limit on logged-in sessions{of_n}, checked after the password: the greeting came, the login was refused.",
    fr: "la limite de sessions connectées de {server}{of_n}, vérifiée après le mot de passe : l'accueil est arrivé, la connexion a été refusée.",
};

pub(super) const PER_USER: Text = Text {
    en: "{server}'s limit on sessions per user{of_n}: this account already has as many sessions as allowed.",
    fr: "la limite de sessions par utilisateur de {server}{of_n} : ce compte a déjà autant de sessions que permis.",
};

pub(super) const SHUTTING_DOWN: Text = Text {
    en: "{server} is shutting down and turns new connections away.",
    fr: "{server} est en cours d'arrêt et refuse les nouvelles connexions.",
};

pub(super) const SHUTDOWN_LIVE: Text = Text {
    en: "{server} is shutting down and ended the session.",
    fr: "{server} s'arrête et a mis fin à la session.",
};

pub(super) const IDLE: Text = Text {
    en: "{server}'s idle timeout{of_seconds}: the session sent nothing for longer than the server allows.",
    fr: "le délai d'inactivité de {server}{of_seconds} : la session n'a rien envoyé pendant plus longtemps que le serveur ne le permet.",
};

pub(super) const SILENT_CLOSE: Text = Text {
    en: "the server closed the connection without a single byte: ProFTPD does this when MaxInstances or MaxConnectionRate is reached; other servers when they crash or a firewall cuts in.",
    fr: "le serveur a fermé la connexion sans envoyer un octet : ProFTPD le fait quand MaxInstances ou MaxConnectionRate est atteint ; d'autres serveurs quand ils plantent ou qu'un pare-feu intervient.",
};

pub(super) const MADE_UP: Text = Text {
    en: "not the server's words: the client wrote this 421 itself when it found the connection closed (BSD ftp and its descendants do). The server closed first; look at what it sent before.",
    fr: "ce ne sont pas les mots du serveur : le client a écrit ce 421 lui-même en trouvant la connexion fermée (BSD ftp et ses descendants le font). Le serveur a fermé d'abord ; regardez ce qu'il a envoyé avant.",
};

pub(super) const SOCKET: Text = Text {
    en: "not an FTP reply: Windows socket error {number} ({name}, {title}). The network failed before or instead of any reply.",
    fr: "pas une réponse FTP : erreur de socket Windows {number} ({name}, {title}). Le réseau a échoué avant toute réponse, ou à sa place.",
};

pub(super) const UNKNOWN_AT_CONNECT: Text = Text {
    en: "a refusal in place of the greeting, in words no known server uses: most often a connection limit, global or per address; the text does not say which.",
    fr: "un refus à la place de l'accueil, en des termes qu'aucun serveur connu n'emploie : le plus souvent une limite de connexions, globale ou par adresse ; le texte ne dit pas laquelle.",
};

pub(super) const UNKNOWN_LATER: Text = Text {
    en: "the server closed the session with a 421 in words no known server uses: an idle timeout, a shutdown or an error on its side.",
    fr: "le serveur a fermé la session avec un 421 en des termes qu'aucun serveur connu n'emploie : un délai d'inactivité, un arrêt ou une erreur de son côté.",
};

pub(super) const LOGIN_REFUSED: Text = Text {
    en: "the login was refused (a wrong name or password, or an account not allowed here): not a connection limit.",
    fr: "la connexion au compte a été refusée (nom ou mot de passe erroné, ou compte non autorisé ici) : ce n'est pas une limite de connexions.",
};

pub(super) const OF_N: Text = Text {
    en: " of {n}",
    fr: " de {n}",
};

pub(super) const OF_SECONDS: Text = Text {
    en: " of {n} s",
    fr: " de {n} s",
};

pub(super) const THE_SERVER: Text = Text {
    en: "the server",
    fr: "le serveur",
};

pub(super) const FIX_PER_ADDRESS_CLIENT: Text = Text {
    en: "In {client}: {advice}. Close other FTP programs on this machine; a session that crashed holds its slot until the server's idle timeout.",
    fr: "Dans {client} : {advice}. Fermez les autres programmes FTP de cette machine ; une session plantée garde sa place jusqu'au délai d'inactivité du serveur.",
};

pub(super) const FIX_PER_ADDRESS_ANY: Text = Text {
    en: "Keep every program on your address below {n} connections to this server at once ({cap} leaves one spare); `ftpsim clients --limit {n}` gives the setting for each common client.",
    fr: "Gardez l'ensemble des programmes de votre adresse sous {n} connexions simultanées vers ce serveur ({cap} en laisse une de réserve) ; `ftpsim clients --limit {n}` donne le réglage de chaque client courant.",
};

pub(super) const FIX_PER_ADDRESS_UNKNOWN_N: Text = Text {
    en: "Open fewer connections at once to this server (parallel transfers); `ftpsim probe --limits` measures the limit.",
    fr: "Ouvrez moins de connexions simultanées vers ce serveur (transferts parallèles) ; `ftpsim probe --limits` mesure la limite.",
};

pub(super) const FIX_GLOBAL: Text = Text {
    en: "Nothing in your client changes it: try again later ({what_next}), or ask the operator to raise {setting}.",
    fr: "Rien dans votre client n'y change quoi que ce soit : réessayez plus tard ({what_next}), ou demandez à l'administrateur d'augmenter {setting}.",
};

pub(super) const FIX_OPERATOR: Text = Text {
    en: "Wait and retry; the operator can raise {setting}.",
    fr: "Attendez et réessayez ; l'administrateur peut augmenter {setting}.",
};

pub(super) const FIX_IDLE: Text = Text {
    en: "Reconnect. To keep a session open while you do nothing, let the client send a command now and then (a keep-alive, NOOP) under the timeout; the operator sets the timeout with {setting}.",
    fr: "Reconnectez-vous. Pour garder une session ouverte sans rien faire, laissez le client envoyer une commande de temps en temps (NOOP) avant l'expiration ; l'administrateur règle ce délai avec {setting}.",
};

pub(super) const FIX_SHUTDOWN: Text = Text {
    en: "Wait until the server is back; nothing on your side can help.",
    fr: "Attendez le retour du serveur ; rien de votre côté ne peut aider.",
};

pub(super) const FIX_SILENT: Text = Text {
    en: "Retry after a pause; with ProFTPD, the operator raises MaxInstances (or MaxConnectionRate), or replaces it with MaxClients, which says why.",
    fr: "Réessayez après une pause ; avec ProFTPD, l'administrateur augmente MaxInstances (ou MaxConnectionRate), ou le remplace par MaxClients, qui dit pourquoi.",
};

pub(super) const FIX_MADE_UP: Text = Text {
    en: "Look for the reply the server sent before the connection closed, or run the client with its debug output.",
    fr: "Cherchez la réponse envoyée par le serveur avant la fermeture, ou relancez le client avec sa sortie de débogage.",
};

pub(super) const FIX_LOGIN: Text = Text {
    en: "Check the user name and password, and that the account may log in here.",
    fr: "Vérifiez le nom d'utilisateur et le mot de passe, et que le compte a le droit de se connecter ici.",
};

pub(super) const FIX_UNKNOWN: Text = Text {
    en: "Open fewer connections at once, wait and retry; `ftpsim probe --limits` tells a per-address limit from a global one.",
    fr: "Ouvrez moins de connexions à la fois, attendez et réessayez ; `ftpsim probe --limits` distingue une limite par adresse d'une limite globale.",
};

pub(super) const CLIENT_NEXT: Text = Text {
    en: "what {client} does next: {note}",
    fr: "ce que fait ensuite {client} : {note}",
};

pub(super) const HEADING: Text = Text {
    en: "Read as {source} output: {replies} replies, {findings} findings.",
    fr: "Lu comme une sortie de {source} : {replies} réponses, {findings} constats.",
};

pub(super) const SERVER_LINE: Text = Text {
    en: "Server: {family} (confidence {confidence})",
    fr: "Serveur : {family} (confiance {confidence})",
};

pub(super) const SERVER_UNKNOWN: Text = Text {
    en: "Server: not identified",
    fr: "Serveur : non identifié",
};

pub(super) const NOTHING: Text = Text {
    en: "No refusal found: no 421, no limit, no closed connection in this text.",
    fr: "Aucun refus trouvé : ni 421, ni limite, ni connexion fermée dans ce texte.",
};

pub(super) const LINE: Text = Text {
    en: "line {line}",
    fr: "ligne {line}",
};

pub(super) const CAUSE: Text = Text {
    en: "cause",
    fr: "cause",
};

pub(super) const FIX: Text = Text {
    en: "fix",
    fr: "remède",
};
