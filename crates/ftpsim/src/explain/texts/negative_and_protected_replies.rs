//! Teaching texts for 4yz and 5yz replies and the 6yz protected replies.
//!
//! Where real servers bend a code (ProFTPD refusing with 530 where vsftpd
//! sends 421, vsftpd answering 522 where RFC 4217 asks for 521), the texts
//! say so: a learner meets the servers, not the RFCs.

use super::Teaching;
use crate::explain::{Texts, Translated};

pub(crate) static TEACHING: &[Teaching] = &[
    Teaching {
        code: 421,
        rfc: 959,
        texts: Translated {
            en: Texts {
                title: "Service not available",
                description: "The server will not serve this session now and closes the control connection after this reply. It is the only negative reply that closes the connection (221, the other one, ends a session that went well). Most often nothing is wrong with the request itself: the refusal is temporary.",
                when: "In place of the 220 greeting when a connection limit is reached, on servers that check their limits at connect time: vsftpd, Pure-FTPd and pyftpdlib do this for too many users, or too many connections from your address. Some limits are checked later: Pure-FTPd's per-user limit answers USER or PASS with 421, and so do FileZilla Server 0.9's limits. Also after an idle or login timeout, in answer to any command once the server is shutting down, and, as RFC 2577 §4 suggests, before closing after repeated failed logins. ProFTPD never sends 421 for its connection limits: MaxInstances and MaxConnectionRate close the connection without a word, and its per-host and per-user limits answer 530.",
                resolve: "Reconnect later, with a growing delay between attempts, and close other sessions you hold open: per-address limits count them. A client should treat 421 as a reason to reconnect, and rely on the connection closing rather than on the code alone (RFC 1123 §4.1.2.11). A 421 right after PASS is about limits or repeated failures, so read its text before changing the password. curl reports a 421 as a timeout (exit 28); Python's ftplib raises error_temp.",
            },
            fr: Texts {
                title: "Service non disponible",
                description: "Le serveur ne traitera pas cette session pour l'instant et ferme la connexion de contrôle après cette réponse. C'est la seule réponse négative qui ferme la connexion (221, l'autre, termine une session qui s'est bien passée). Le plus souvent, la demande elle-même n'est pas en cause : le refus est temporaire.",
                when: "À la place du message d'accueil 220 quand une limite de connexions est atteinte, sur les serveurs qui vérifient leurs limites dès la connexion : vsftpd, Pure-FTPd et pyftpdlib le font quand il y a trop d'utilisateurs, ou trop de connexions depuis votre adresse. Certaines limites sont vérifiées plus tard : la limite par utilisateur de Pure-FTPd répond 421 à USER ou à PASS, et les limites de FileZilla Server 0.9 aussi. Également quand une session reste inactive trop longtemps ou tarde trop à s'authentifier, en réponse à n'importe quelle commande quand le serveur s'arrête et, comme le suggère la RFC 2577 (§4), avant de fermer après des échecs d'authentification répétés. ProFTPD n'envoie jamais 421 pour ses limites de connexions : MaxInstances et MaxConnectionRate ferment la connexion sans un mot, et ses limites par hôte et par utilisateur répondent 530.",
                resolve: "Reconnectez-vous plus tard en espaçant de plus en plus les tentatives, et fermez les autres sessions que vous gardez ouvertes : les limites par adresse les comptent. Un client doit voir dans un 421 une raison de se reconnecter, et se fier à la fermeture de la connexion plutôt qu'au seul code (RFC 1123, §4.1.2.11). Un 421 juste après PASS parle de limites ou d'échecs répétés : lisez son texte avant de changer le mot de passe. curl présente un 421 comme un dépassement de délai (code de sortie 28) ; ftplib, en Python, lève error_temp.",
            },
        },
    },
    Teaching {
        code: 425,
        rfc: 959,
        texts: Translated {
            en: Texts {
                title: "Can't open data connection",
                description: "The server could not set up the data connection that a listing or a transfer needs, so the command was not carried out. The control connection stays open and the failure counts as temporary.",
                when: "After LIST, NLST, RETR or STOR, when the two ends cannot reach each other for data: in active mode (PORT, EPRT) a firewall or NAT in front of the client blocks the server's incoming connection; in passive mode (PASV, EPSV) a firewall in front of the server blocks its passive ports, or a server behind NAT announces its private address. vsftpd also sends it when a transfer comes before any PORT or PASV.",
                resolve: "Change the data path rather than repeating the command: switch to passive mode (what most clients behind NAT need), or try EPSV instead of PASV. An operator should open the passive port range in the firewall and make the server announce its public address (vsftpd pasv_address, ProFTPD MasqueradeAddress, Pure-FTPd -P).",
            },
            fr: Texts {
                title: "Impossible d'ouvrir la connexion de données",
                description: "Le serveur n'a pas pu établir la connexion de données dont un listage ou un transfert a besoin : la commande n'a pas été exécutée. La connexion de contrôle reste ouverte et l'échec est considéré comme temporaire.",
                when: "Après LIST, NLST, RETR ou STOR, quand les deux extrémités ne parviennent pas à se joindre pour les données : en mode actif (PORT, EPRT), un pare-feu ou un NAT côté client bloque la connexion entrante du serveur ; en mode passif (PASV, EPSV), un pare-feu devant le serveur bloque ses ports passifs, ou un serveur derrière un NAT annonce son adresse privée. vsftpd l'envoie aussi quand un transfert arrive avant tout PORT ou PASV.",
                resolve: "Modifiez le chemin des données au lieu de répéter la commande : passez en mode passif (ce dont ont besoin la plupart des clients derrière un NAT), ou essayez EPSV plutôt que PASV. Côté serveur, l'administrateur doit ouvrir la plage de ports passifs dans le pare-feu et faire annoncer l'adresse publique (pasv_address pour vsftpd, MasqueradeAddress pour ProFTPD, -P pour Pure-FTPd).",
            },
        },
    },
    Teaching {
        code: 426,
        rfc: 959,
        texts: Translated {
            en: Texts {
                title: "Connection closed; transfer aborted",
                description: "The transfer had started, but the data connection closed before it finished and the server gave up on it. What reached the other side may be an incomplete file.",
                when: "In the middle of a download or an upload: the network dropped or reset the data connection, a data timeout fired, TLS on the data connection broke off, or the client sent ABOR (the server then answers the interrupted command with 426, and the ABOR itself with 226).",
                resolve: "Check how much arrived, then transfer again; for a large file, resume with REST followed by RETR or STOR instead of starting from zero, if the server supports it. If it keeps happening, look for what cuts long connections: NAT or firewall idle timers, an unstable link, or the server's data timeout.",
            },
            fr: Texts {
                title: "Connexion fermée, transfert interrompu",
                description: "Le transfert avait commencé, mais la connexion de données s'est fermée avant la fin et le serveur y a renoncé. Ce qui est arrivé de l'autre côté peut être un fichier incomplet.",
                when: "En plein téléchargement ou en plein envoi : le réseau a coupé ou réinitialisé la connexion de données, un délai d'inactivité sur les données a expiré, le TLS de la connexion de données s'est rompu, ou le client a envoyé ABOR (le serveur répond alors 426 à la commande interrompue, puis 226 à l'ABOR).",
                resolve: "Vérifiez ce qui a été reçu, puis relancez le transfert ; pour un gros fichier, reprenez-le avec REST suivi de RETR ou de STOR plutôt que de repartir de zéro, si le serveur le permet. Si cela se répète, cherchez ce qui coupe les connexions longues : délais d'expiration d'inactivité d'un NAT ou d'un pare-feu, lien instable, ou délai d'inactivité des données côté serveur.",
            },
        },
    },
    Teaching {
        code: 431,
        rfc: 2228,
        texts: Translated {
            en: Texts {
                title: "Security resource unavailable",
                description: "The server cannot process a security request now because something it needs for it is unavailable, such as a key, a credential store or an authentication service. As a 4yz reply, it is expected to pass.",
                when: "In answer to the RFC 2228 security commands, AUTH or PROT in particular, when the server's side of the security mechanism fails for a while: its Kerberos or GSSAPI service cannot be reached, or its certificate or key cannot be loaded.",
                resolve: "Try again later; the request itself needs no change. If it persists, the operator should check the security set-up (key and certificate files, the authentication service). A client that requires security must not quietly carry on without it.",
            },
            fr: Texts {
                title: "Ressource de sécurité indisponible",
                description: "Le serveur ne peut pas traiter une demande de sécurité pour l'instant, faute d'un élément nécessaire : une clé, une base d'identifiants ou un service d'authentification. Comme toute réponse 4yz, la situation devrait se résoudre d'elle-même.",
                when: "En réponse aux commandes de sécurité de la RFC 2228, AUTH ou PROT en particulier, quand la partie serveur du mécanisme de sécurité est momentanément défaillante : service Kerberos ou GSSAPI injoignable, certificat ou clé impossible à charger.",
                resolve: "Réessayez plus tard ; la demande elle-même n'a pas à changer. Si cela persiste, l'administrateur doit vérifier la configuration de sécurité (fichiers de clé et de certificat, service d'authentification). Un client qui exige la sécurité ne doit pas continuer discrètement sans elle.",
            },
        },
    },
    Teaching {
        code: 450,
        rfc: 959,
        texts: Translated {
            en: Texts {
                title: "File busy",
                description: "The server did not perform the file operation because the file cannot be used at the moment, typically because it is busy. The condition is temporary: the same command may succeed later.",
                when: "When a file is locked or in use by another session: downloading, renaming or deleting a file that someone is still uploading, for example. Compare with 550, where the file is missing or forbidden to you and waiting will not help.",
                resolve: "Wait a little and try again, with a growing delay and a limit on the number of attempts. If the file stays busy, find out who holds it (another transfer, a process on the server). A client can treat 450 as retryable and 550 as final.",
            },
            fr: Texts {
                title: "Fichier occupé",
                description: "Le serveur n'a pas effectué l'opération sur le fichier, qui est inutilisable pour le moment, le plus souvent parce qu'il est occupé. La situation est temporaire : la même commande pourra réussir plus tard.",
                when: "Quand un fichier est verrouillé ou utilisé par une autre session : par exemple, télécharger, renommer ou supprimer un fichier que quelqu'un est encore en train d'envoyer. À distinguer de 550, où le fichier est absent ou vous est interdit et où attendre ne sert à rien.",
                resolve: "Patientez puis réessayez, en allongeant le délai entre les tentatives et en limitant leur nombre. Si le fichier reste occupé, cherchez ce qui le retient (un autre transfert, un processus sur le serveur). Un client peut traiter 450 comme une erreur à retenter, et 550 comme une erreur définitive.",
            },
        },
    },
    Teaching {
        code: 451,
        rfc: 959,
        texts: Translated {
            en: Texts {
                title: "Local error in processing",
                description: "The server began to act on the request but stopped because of an error on its own side, not in the command. The error counts as temporary.",
                when: "During a transfer or a file command, when the server meets an internal problem: a read or write error on its disk, a failing network file system or storage back end beneath it, or an unexpected error while it builds a listing.",
                resolve: "Retry after a pause; nothing in your request needs changing. If the same command keeps failing, tell the operator, who will find the cause in the server's log. A client should retry a few times with backoff, then report the failure with the server's text.",
            },
            fr: Texts {
                title: "Erreur locale de traitement",
                description: "Le serveur a commencé à traiter la demande, puis s'est arrêté à cause d'une erreur de son côté, et non dans la commande. L'erreur est considérée comme temporaire.",
                when: "Pendant un transfert ou une commande sur un fichier, quand le serveur rencontre un problème interne : erreur de lecture ou d'écriture sur son disque, système de fichiers réseau ou stockage sous-jacent défaillant, ou erreur inattendue en construisant un listage.",
                resolve: "Réessayez après une pause ; votre demande n'a rien à changer. Si la même commande échoue encore et encore, prévenez l'administrateur, qui trouvera la cause dans le journal du serveur. Un client devrait réessayer quelques fois en espaçant les tentatives, puis signaler l'échec avec le texte du serveur.",
            },
        },
    },
    Teaching {
        code: 452,
        rfc: 959,
        texts: Translated {
            en: Texts {
                title: "Insufficient storage space",
                description: "The server refused to store the data because the system has no room for it right now, typically a full disk. The condition is temporary: space may be freed.",
                when: "On STOR, STOU or APPE when the server's file system is full. If the limit is your own quota or allocation rather than the whole system, servers answer 552 instead.",
                resolve: "Try again later or send less data; the operator has to free space or enlarge the file system. A client should not retry in a tight loop, since a full disk rarely clears within seconds, and should check whether a partial file was left behind.",
            },
            fr: Texts {
                title: "Espace de stockage insuffisant",
                description: "Le serveur a refusé d'enregistrer les données faute de place sur le système pour le moment, le plus souvent parce que le disque est plein. La situation est temporaire : de l'espace peut se libérer.",
                when: "Sur STOR, STOU ou APPE quand le système de fichiers du serveur est plein. Si la limite est votre propre quota ou allocation, et non le système entier, les serveurs répondent plutôt 552.",
                resolve: "Réessayez plus tard ou envoyez moins de données ; c'est à l'administrateur de libérer de l'espace ou d'agrandir le système de fichiers. Un client ne doit pas réessayer en rafale, car un disque plein se libère rarement en quelques secondes, et doit vérifier s'il reste un fichier partiel.",
            },
        },
    },
    Teaching {
        code: 500,
        rfc: 959,
        texts: Translated {
            en: Texts {
                title: "Syntax error, command unrecognized",
                description: "The server did not recognize the command: the verb is unknown or misspelled, or the line is malformed or too long. Nothing was done, and the same line will fail the same way.",
                when: "When a client sends a command the server does not know, such as an extension an older server lacks (MLSD, FEAT, EPSV), a mistyped raw command, or bytes that are not FTP at all, e.g. a TLS handshake sent to a plain FTP port. ProFTPD also sends 500 instead of the 220 greeting to new connections while it is shut down with ftpshut.",
                resolve: "Check the command's spelling and whether the server supports it (FEAT and HELP list what it knows), and fall back to an older command where one exists: LIST for MLSD, PASV for EPSV. A client should take 500 to an extension as \"not supported\" and not retry it. A 500 greeting from ProFTPD saying the server is shut down means maintenance: come back later.",
            },
            fr: Texts {
                title: "Erreur de syntaxe, commande non reconnue",
                description: "Le serveur n'a pas reconnu la commande : le verbe est inconnu ou mal orthographié, ou la ligne est mal formée ou trop longue. Rien n'a été fait, et la même ligne échouera de la même façon.",
                when: "Quand un client envoie une commande que le serveur ne connaît pas : une extension absente d'un serveur ancien (MLSD, FEAT, EPSV), une commande brute mal tapée, ou des octets qui ne sont pas du FTP, comme une négociation TLS envoyée sur un port FTP en clair. ProFTPD envoie aussi 500 à la place du message d'accueil 220 aux nouvelles connexions quand il est arrêté par ftpshut.",
                resolve: "Vérifiez l'orthographe de la commande et que le serveur la prend en charge (FEAT et HELP donnent la liste de ce qu'il connaît), et repliez-vous sur une commande plus ancienne s'il en existe une : LIST pour MLSD, PASV pour EPSV. Un client doit comprendre un 500 en réponse à une extension comme « non pris en charge » et ne pas insister. Un accueil 500 de ProFTPD annonçant que le serveur est arrêté signale une maintenance : revenez plus tard.",
            },
        },
    },
    Teaching {
        code: 501,
        rfc: 959,
        texts: Translated {
            en: Texts {
                title: "Syntax error in parameters or arguments",
                description: "The server recognized the command but not its arguments: they are missing, malformed or out of range. Nothing was done.",
                when: "A PORT or EPRT with a malformed address, a TYPE, MODE or STRU letter that does not exist, a command sent without the file name it needs, or a REST marker that is not a number.",
                resolve: "Correct the arguments: check the command's syntax in RFC 959 or in the RFC of the extension, and watch for spaces and non-ASCII characters in names. A client author should log the exact line sent; repeating it unchanged cannot succeed.",
            },
            fr: Texts {
                title: "Erreur de syntaxe dans les paramètres",
                description: "Le serveur a reconnu la commande, mais pas ses arguments : ils manquent, sont mal formés ou hors limites. Rien n'a été fait.",
                when: "Un PORT ou un EPRT avec une adresse mal formée, une lettre de TYPE, MODE ou STRU qui n'existe pas, une commande envoyée sans le nom de fichier qu'elle attend, ou un marqueur REST qui n'est pas un nombre.",
                resolve: "Corrigez les arguments : vérifiez la syntaxe de la commande dans la RFC 959 ou dans la RFC de l'extension, et méfiez-vous des espaces et des caractères non ASCII dans les noms. L'auteur d'un client devrait journaliser la ligne exacte envoyée ; la renvoyer telle quelle ne peut pas réussir.",
            },
        },
    },
    Teaching {
        code: 502,
        rfc: 959,
        texts: Translated {
            en: Texts {
                title: "Command not implemented",
                description: "The server knows the command but does not implement it, or its administrator has turned it off. Unlike 500, the command is recognized; unlike 504, no parameter would make it work.",
                when: "On optional commands that many servers leave out or disable: ACCT, SMNT, REIN, STOU, some SITE commands, or AUTH on a server built without security support.",
                resolve: "Do without the command or use an alternative. A client should check FEAT first when it can, and treat 502 as a lasting \"not supported\" for the session rather than retrying.",
            },
            fr: Texts {
                title: "Commande non implémentée",
                description: "Le serveur connaît la commande mais ne l'implémente pas, ou son administrateur l'a désactivée. Contrairement à 500, la commande est reconnue ; contrairement à 504, aucun paramètre ne la ferait fonctionner.",
                when: "Sur des commandes facultatives que beaucoup de serveurs omettent ou désactivent : ACCT, SMNT, REIN, STOU, certaines commandes SITE, ou AUTH sur un serveur compilé sans prise en charge de la sécurité.",
                resolve: "Passez-vous de la commande ou utilisez-en une autre. Un client devrait consulter FEAT d'abord quand c'est possible, et considérer un 502 comme un « non pris en charge » durable pour toute la session, sans réessayer.",
            },
        },
    },
    Teaching {
        code: 503,
        rfc: 959,
        texts: Translated {
            en: Texts {
                title: "Bad sequence of commands",
                description: "The command is valid, but not at this point of the session: another command must come first, or the step it depends on did not succeed.",
                when: "PASS without a USER before it (vsftpd: \"Login with USER first\"), RNTO that does not directly follow RNFR, PROT before PBSZ on a TLS session, or commands sent after a login that failed.",
                resolve: "Send the missing step first, in the order the protocol requires: USER then PASS, RNFR then RNTO, PBSZ 0 then PROT. For a client author, a 503 usually points to a bug in the client's state machine, or to replies read out of step, such as a late 220 taken as the answer to USER.",
            },
            fr: Texts {
                title: "Mauvaise séquence de commandes",
                description: "La commande est valide, mais pas à ce stade de la session : une autre commande doit la précéder, ou l'étape dont elle dépend a échoué.",
                when: "PASS sans USER auparavant (vsftpd : « Login with USER first »), RNTO qui ne suit pas immédiatement RNFR, PROT avant PBSZ sur une session TLS, ou des commandes envoyées après un échec d'authentification.",
                resolve: "Envoyez d'abord l'étape manquante, dans l'ordre imposé par le protocole : USER puis PASS, RNFR puis RNTO, PBSZ 0 puis PROT. Pour l'auteur d'un client, un 503 révèle en général une erreur dans l'automate du client, ou des réponses lues avec un temps de retard, comme un 220 tardif pris pour la réponse à USER.",
            },
        },
    },
    Teaching {
        code: 504,
        rfc: 959,
        texts: Translated {
            en: Texts {
                title: "Command not implemented for that parameter",
                description: "The server implements the command, but not with the argument given: the verb is supported, that option is not.",
                when: "TYPE E (EBCDIC) or another type the server lacks, MODE B or C on a server that only streams, STRU R or P, or AUTH with a security mechanism the server does not offer.",
                resolve: "Use a parameter the server supports: the defaults TYPE A or I, MODE S and STRU F work everywhere, and FEAT lists the AUTH mechanisms on offer. A client should fall back to another parameter, not send the same one again.",
            },
            fr: Texts {
                title: "Commande non implémentée pour ce paramètre",
                description: "Le serveur implémente la commande, mais pas avec l'argument fourni : le verbe est pris en charge, pas cette option.",
                when: "TYPE E (EBCDIC) ou un autre type absent du serveur, MODE B ou C sur un serveur qui ne connaît que le mode flux, STRU R ou P, ou AUTH avec un mécanisme de sécurité que le serveur ne propose pas.",
                resolve: "Choisissez un paramètre que le serveur accepte : les valeurs par défaut TYPE A ou I, MODE S et STRU F fonctionnent partout, et FEAT indique les mécanismes AUTH disponibles. Un client doit se replier sur un autre paramètre, pas renvoyer le même.",
            },
        },
    },
    Teaching {
        code: 521,
        rfc: 1639,
        texts: Translated {
            en: Texts {
                title: "Address family not supported",
                description: "The server supports the LPRT or LPSV commands of RFC 1639 (an experimental extension for long addresses) but not the address family the client asked for. The reply ends with the families it does support, as numbers that follow IP version numbers (4 for IPv4).",
                when: "Rarely today: only with clients that still try LPRT or LPSV, when they ask for an address family the server lacks, such as an IPv6 data address on an IPv4-only server.",
                resolve: "Use a family from the list in parentheses, or, better, the EPRT and EPSV commands of RFC 2428 that replaced LPRT and LPSV, or plain PORT and PASV over IPv4. A client should read the list from the reply instead of retrying the same family.",
            },
            fr: Texts {
                title: "Famille d'adresses non prise en charge",
                description: "Le serveur accepte les commandes LPRT ou LPSV de la RFC 1639 (une extension expérimentale pour les adresses longues), mais pas la famille d'adresses demandée. La réponse se termine par la liste des familles qu'il accepte, sous forme de numéros calqués sur les versions d'IP (4 pour IPv4).",
                when: "Rarement de nos jours : seulement avec des clients qui essaient encore LPRT ou LPSV, quand ils demandent une famille d'adresses absente du serveur, par exemple une adresse de données IPv6 sur un serveur uniquement IPv4.",
                resolve: "Prenez une famille dans la liste entre parenthèses ou, mieux, passez aux commandes EPRT et EPSV de la RFC 2428, qui ont remplacé LPRT et LPSV, ou à PORT et PASV en IPv4. Un client doit lire la liste dans la réponse plutôt que de réessayer la même famille.",
            },
        },
    },
    Teaching {
        code: 521,
        rfc: 4217,
        texts: Translated {
            en: Texts {
                title: "Data connection refused at this PROT level",
                description: "On an FTPS session, the server refuses to open the data connection for this transfer because the data protection level set with PROT does not meet its policy: usually it requires encrypted data (PROT P) and the level is still clear (PROT C).",
                when: "On RETR, STOR, STOU, APPE, LIST or NLST, before any 150, when a client logged in with AUTH TLS but never sent PBSZ 0 and PROT P to a server that insists on protected data. Servers differ here: vsftpd answers 522 \"Data connections must be encrypted\"; pyftpdlib refuses earlier, answering PASV, EPSV, PORT or EPRT with 550 \"SSL/TLS required on the data channel.\"; ProFTPD's test suite expects that same 550 text when a listing is refused.",
                resolve: "Send PBSZ 0 then PROT P before transferring (Python's ftplib: call prot_p() after login; lftp: set ftp:ssl-protect-data true). A client should not read the refusal as a rejection of TLS as a whole: only this data connection's level was refused.",
            },
            fr: Texts {
                title: "Connexion de données refusée à ce niveau PROT",
                description: "Sur une session FTPS, le serveur refuse d'ouvrir la connexion de données de ce transfert, car le niveau de protection des données choisi avec PROT ne respecte pas sa politique : le plus souvent, il exige des données chiffrées (PROT P) alors que le niveau est resté en clair (PROT C).",
                when: "Sur RETR, STOR, STOU, APPE, LIST ou NLST, avant tout 150, quand un client s'est authentifié après AUTH TLS sans jamais envoyer PBSZ 0 puis PROT P à un serveur qui exige des données protégées. Les serveurs ne sont pas d'accord entre eux : vsftpd répond 522 « Data connections must be encrypted » ; pyftpdlib refuse plus tôt, en répondant 550 « SSL/TLS required on the data channel. » à PASV, EPSV, PORT ou EPRT ; la suite de tests de ProFTPD attend ce même texte en 550 quand un listage est refusé.",
                resolve: "Envoyez PBSZ 0 puis PROT P avant de transférer (ftplib en Python : appelez prot_p() après login ; lftp : set ftp:ssl-protect-data true). Un client ne doit pas y voir un refus de TLS en général : seul le niveau de cette connexion de données a été refusé.",
            },
        },
    },
    Teaching {
        code: 522,
        rfc: 2428,
        texts: Translated {
            en: Texts {
                title: "Network protocol not supported",
                description: "The server does not support the network protocol the client named in EPRT, or in EPSV with an argument. The text must end with the protocols it does support, in parentheses, as address family numbers: 1 for IPv4, 2 for IPv6.",
                when: "When a client asks for an IPv6 data connection (EPRT |2|…| or EPSV 2) from a server without IPv6, or for IPv4 from an IPv6-only server.",
                resolve: "Pick a protocol from the list in parentheses (EPRT |1|…| or EPSV 1 for IPv4), or reach the server over the address family it supports. A client should parse the list, since the words before the parenthesis are only for people, and choose from it rather than retry.",
            },
            fr: Texts {
                title: "Protocole réseau non pris en charge",
                description: "Le serveur ne prend pas en charge le protocole réseau indiqué par le client dans EPRT, ou dans EPSV avec un argument. Le texte doit se terminer par la liste des protocoles qu'il accepte, entre parenthèses, sous forme de numéros de famille d'adresses : 1 pour IPv4, 2 pour IPv6.",
                when: "Quand un client demande une connexion de données IPv6 (EPRT |2|…| ou EPSV 2) à un serveur sans IPv6, ou IPv4 à un serveur uniquement IPv6.",
                resolve: "Choisissez un protocole dans la liste entre parenthèses (EPRT |1|…| ou EPSV 1 pour IPv4), ou joignez le serveur par la famille d'adresses qu'il prend en charge. Un client doit analyser cette liste, car les mots avant la parenthèse ne s'adressent qu'aux humains, et choisir dedans plutôt que réessayer.",
            },
        },
    },
    Teaching {
        code: 522,
        rfc: 4217,
        texts: Translated {
            en: Texts {
                title: "TLS on the data connection failed",
                description: "On an FTPS session, the TLS handshake on the data connection failed, or succeeded with terms the server does not accept, so it closed the data connection and the transfer did not take place. The reply follows the 150 that announced the transfer.",
                when: "After PROT P, when the data connection's TLS does not satisfy the server: most often a server that requires data connections to resume the control connection's TLS session (vsftpd's require_ssl_reuse, on by default) facing a client that opens a fresh one; also certificate, protocol version or cipher mismatches. vsftpd also uses 522 where RFC 4217 would answer 521, when data must be encrypted and PROT is still C.",
                resolve: "Use a client that resumes the TLS session on data connections (curl and FileZilla do; Python's ftplib needs a small subclass that passes the control session to the data socket), and check TLS versions and certificates on both sides. An operator can relax session reuse for old clients, at some cost in security.",
            },
            fr: Texts {
                title: "Échec du TLS sur la connexion de données",
                description: "Sur une session FTPS, la négociation TLS de la connexion de données a échoué, ou a abouti à des conditions que le serveur refuse : il a fermé la connexion de données et le transfert n'a pas eu lieu. La réponse suit le 150 qui annonçait le transfert.",
                when: "Après PROT P, quand le TLS de la connexion de données ne convient pas au serveur : le plus souvent, un serveur qui exige que les connexions de données reprennent la session TLS de la connexion de contrôle (require_ssl_reuse de vsftpd, actif par défaut) face à un client qui en ouvre une nouvelle ; ou encore un désaccord de certificat, de version du protocole ou d'algorithme de chiffrement. vsftpd emploie aussi 522 là où la RFC 4217 prévoit 521, quand les données doivent être chiffrées et que PROT vaut encore C.",
                resolve: "Utilisez un client qui reprend la session TLS sur les connexions de données (curl et FileZilla le font ; ftplib, en Python, demande une petite sous-classe qui transmet la session de contrôle à la socket de données), et vérifiez les versions de TLS et les certificats des deux côtés. L'administrateur peut assouplir la reprise de session pour les vieux clients, au prix d'un peu de sécurité.",
            },
        },
    },
    Teaching {
        code: 530,
        rfc: 959,
        texts: Translated {
            en: Texts {
                title: "Not logged in",
                description: "The server refuses because the session is not logged in: the login just failed, or the command needs a login that has not happened yet.",
                when: "After PASS with a wrong user name or password, for an account not allowed to use FTP, when anonymous login is off, or when a command other than USER or PASS comes before logging in. Some servers require TLS first (vsftpd: \"Non-anonymous sessions must use encryption\"). ProFTPD also uses 530 for connection limits: in place of the 220 greeting (MaxConnectionsPerHost) or after PASS (MaxClients and its per-host and per-user variants), with a text that starts \"Sorry, the maximum number of\".",
                resolve: "Read the text before changing anything. For bad credentials, check user name, password and whether the account may use FTP or needs AUTH TLS first; don't retry in a loop, as servers slow down or ban repeated failures. A ProFTPD 530 about a maximum number of clients or connections is a limit, not a wrong password: retry later, as for a 421. curl exits with code 8 on a 530 greeting; Python's ftplib raises error_perm.",
            },
            fr: Texts {
                title: "Non authentifié",
                description: "Le serveur refuse parce que la session n'est pas authentifiée : l'authentification vient d'échouer, ou la commande exige une authentification qui n'a pas encore eu lieu.",
                when: "Après PASS avec un nom d'utilisateur ou un mot de passe erroné, pour un compte qui n'a pas droit au FTP, quand la connexion anonyme est désactivée, ou quand une autre commande que USER ou PASS arrive avant l'authentification. Certains serveurs exigent d'abord TLS (vsftpd : « Non-anonymous sessions must use encryption »). ProFTPD emploie aussi 530 pour ses limites de connexions : à la place de l'accueil 220 (MaxConnectionsPerHost) ou après PASS (MaxClients et ses variantes par hôte et par utilisateur), avec un texte qui commence par « Sorry, the maximum number of ».",
                resolve: "Lisez le texte avant de changer quoi que ce soit. Pour des identifiants erronés, vérifiez le nom d'utilisateur, le mot de passe, et si le compte a droit au FTP ou doit d'abord passer par AUTH TLS ; ne réessayez pas en boucle, les serveurs ralentissent ou bannissent les échecs répétés. Un 530 de ProFTPD évoquant un nombre maximum de clients ou de connexions est une limite, pas un mauvais mot de passe : réessayez plus tard, comme pour un 421. curl quitte avec le code 8 sur un accueil 530 ; ftplib, en Python, lève error_perm.",
            },
        },
    },
    Teaching {
        code: 532,
        rfc: 959,
        texts: Translated {
            en: Texts {
                title: "Need account for storing files",
                description: "The server will not store the file until an account is given with ACCT: being logged in is not enough to write here.",
                when: "On STOR, STOU or APPE on the rare servers that still do per-account accounting with ACCT; modern servers almost never send it.",
                resolve: "Send ACCT with your account information, then repeat the command; if you have none, ask the operator. A client should let the user supply an account when a server asks for one, at login (332) or at upload (532).",
            },
            fr: Texts {
                title: "Compte nécessaire pour enregistrer des fichiers",
                description: "Le serveur n'enregistrera pas le fichier tant qu'un compte n'aura pas été fourni avec ACCT : être authentifié ne suffit pas pour écrire ici.",
                when: "Sur STOR, STOU ou APPE, avec les rares serveurs qui tiennent encore des comptes par utilisateur via ACCT ; les serveurs actuels ne l'envoient presque jamais.",
                resolve: "Envoyez ACCT avec vos informations de compte, puis répétez la commande ; si vous n'en avez pas, demandez-les à l'administrateur. Un client doit permettre à l'utilisateur de fournir un compte quand le serveur en réclame un, à la connexion (332) ou à l'envoi (532).",
            },
        },
    },
    Teaching {
        code: 533,
        rfc: 2228,
        texts: Translated {
            en: Texts {
                title: "Command protection level denied",
                description: "The server refuses the command because of how it was protected: the protection level it came with does not satisfy the server's security policy.",
                when: "Under RFC 2228, when a command arrives with less protection than the server demands, e.g. in clear or with integrity only where privacy is required. RFC 4217 also gives it to CCC sent on a control connection that is not protected by TLS.",
                resolve: "Send the command at the protection level the server requires; on FTPS, secure the control connection with AUTH TLS before anything that needs it, and only send CCC on a connection already under TLS.",
            },
            fr: Texts {
                title: "Niveau de protection de la commande refusé",
                description: "Le serveur refuse la commande à cause de la façon dont elle a été protégée : son niveau de protection ne satisfait pas la politique de sécurité du serveur.",
                when: "Selon la RFC 2228, quand une commande arrive moins protégée que le serveur ne l'exige, par exemple en clair ou avec la seule intégrité là où la confidentialité est requise. La RFC 4217 l'attribue aussi à un CCC envoyé sur une connexion de contrôle qui n'est pas protégée par TLS.",
                resolve: "Envoyez la commande au niveau de protection exigé par le serveur ; en FTPS, sécurisez la connexion de contrôle avec AUTH TLS avant tout ce qui l'exige, et n'envoyez CCC que sur une connexion déjà sous TLS.",
            },
        },
    },
    Teaching {
        code: 534,
        rfc: 2228,
        texts: Translated {
            en: Texts {
                title: "Request denied for policy reasons",
                description: "The server understood the security request and could carry it out, but its policy forbids it.",
                when: "AUTH on a server or account where TLS is not allowed, a PROT level the policy rejects, or CCC when the server will not let the control connection go back to clear text (RFC 4217). Microsoft IIS also answers a plain-text login with \"534 Policy requires SSL\" on a site that requires TLS.",
                resolve: "Follow the server's policy: use AUTH TLS if it requires TLS (in a client, choose explicit FTPS), or keep the session as it is if it refuses what you asked. Repeating the request will not help; only the operator can change the policy.",
            },
            fr: Texts {
                title: "Demande refusée par la politique du serveur",
                description: "Le serveur a compris la demande de sécurité et pourrait l'exécuter, mais sa politique l'interdit.",
                when: "AUTH sur un serveur ou un compte où TLS n'est pas autorisé, un niveau PROT que la politique rejette, ou CCC quand le serveur refuse que la connexion de contrôle repasse en clair (RFC 4217). Microsoft IIS répond aussi « 534 Policy requires SSL » à une authentification en clair sur un site qui exige TLS.",
                resolve: "Conformez-vous à la politique du serveur : utilisez AUTH TLS s'il exige TLS (dans un client, choisissez le FTPS explicite), ou gardez la session telle quelle s'il refuse ce que vous demandiez. Répéter la demande ne servira à rien ; seul l'administrateur peut changer la politique.",
            },
        },
    },
    Teaching {
        code: 535,
        rfc: 2228,
        texts: Translated {
            en: Texts {
                title: "Failed security check",
                description: "A protected command or the security data sent with ADAT did not pass the server's check: its integrity hash did not verify, a sequence number was wrong or replayed, or it could not be decoded.",
                when: "Only on sessions secured with an RFC 2228 mechanism that protects each command (MIC, CONF, ENC), such as Kerberos or GSSAPI, not on FTPS: a corrupted or altered command, client and server out of step, or a bug in the client's security layer.",
                resolve: "Reconnect and authenticate again to start a fresh security context; if it recurs, suspect the client's security library or something that alters traffic on the path. A client must never resend the command unprotected to get around the check.",
            },
            fr: Texts {
                title: "Échec du contrôle de sécurité",
                description: "Une commande protégée, ou les données de sécurité envoyées avec ADAT, n'ont pas passé le contrôle du serveur : empreinte d'intégrité invalide, numéro de séquence faux ou rejoué, ou décodage impossible.",
                when: "Uniquement sur des sessions sécurisées par un mécanisme de la RFC 2228 qui protège chaque commande (MIC, CONF, ENC), comme Kerberos ou GSSAPI, et non en FTPS : commande corrompue ou modifiée, client et serveur désynchronisés, ou bogue dans la couche de sécurité du client.",
                resolve: "Reconnectez-vous et authentifiez-vous de nouveau pour repartir d'un contexte de sécurité neuf ; si cela se reproduit, soupçonnez la bibliothèque de sécurité du client ou un équipement qui altère le trafic en chemin. Un client ne doit jamais renvoyer la commande sans protection pour contourner le contrôle.",
            },
        },
    },
    Teaching {
        code: 536,
        rfc: 2228,
        texts: Translated {
            en: Texts {
                title: "PROT level not supported by mechanism",
                description: "The data protection level asked for with PROT is one the negotiated security mechanism cannot provide.",
                when: "Typically PROT S (safe) or PROT E (confidential) on an FTPS session: with TLS, RFC 4217 keeps only C (clear) and P (private). More generally, any level the mechanism lacks.",
                resolve: "Ask for a supported level: on FTPS, PROT P for encrypted data or PROT C for clear data. A client should offer only C and P on TLS sessions.",
            },
            fr: Texts {
                title: "Niveau PROT non pris en charge par le mécanisme",
                description: "Le niveau de protection des données demandé avec PROT ne peut pas être fourni par le mécanisme de sécurité négocié.",
                when: "Le plus souvent PROT S (intégrité seule) ou PROT E (confidentialité seule) sur une session FTPS : avec TLS, la RFC 4217 ne garde que C (en clair) et P (privé). Plus généralement, tout niveau que le mécanisme ne sait pas assurer.",
                resolve: "Demandez un niveau pris en charge : en FTPS, PROT P pour des données chiffrées ou PROT C pour des données en clair. Un client ne devrait proposer que C et P sur une session TLS.",
            },
        },
    },
    Teaching {
        code: 537,
        rfc: 2228,
        texts: Translated {
            en: Texts {
                title: "Command protection level not supported",
                description: "The client sent a protected command at a protection level that the negotiated security mechanism cannot provide.",
                when: "On sessions using an RFC 2228 mechanism such as Kerberos or GSSAPI: CONF (confidentiality only) or ENC (privacy) when the mechanism only offers integrity, for example. FTPS clients do not meet it, since TLS protects the whole control connection.",
                resolve: "Send the command at a level the mechanism supports (MIC for integrity, ENC for privacy, whichever it offers), or negotiate another mechanism with AUTH.",
            },
            fr: Texts {
                title: "Niveau de protection de la commande non pris en charge",
                description: "Le client a envoyé une commande protégée à un niveau que le mécanisme de sécurité négocié ne sait pas assurer.",
                when: "Sur des sessions qui utilisent un mécanisme de la RFC 2228 comme Kerberos ou GSSAPI : par exemple CONF (confidentialité seule) ou ENC (confidentialité et intégrité) quand le mécanisme n'offre que l'intégrité. Les clients FTPS ne la rencontrent pas, puisque TLS protège toute la connexion de contrôle.",
                resolve: "Envoyez la commande à un niveau que le mécanisme prend en charge (MIC pour l'intégrité, ENC pour la confidentialité, selon ce qu'il propose), ou négociez un autre mécanisme avec AUTH.",
            },
        },
    },
    Teaching {
        code: 550,
        rfc: 959,
        texts: Translated {
            en: Texts {
                title: "File not found or access denied",
                description: "The server did not carry out the operation because the file or directory cannot be used: it does not exist, or you lack the right to it. The refusal is permanent: the same request fails until something changes.",
                when: "RETR, SIZE or MDTM of a file that does not exist; CWD to a missing directory; DELE, RMD, MKD, RNFR or STOR without permission, or in a read-only area such as most anonymous sites. Servers also use 550 for policy refusals: ProFTPD and pyftpdlib for \"SSL/TLS required on the data channel\", Pure-FTPd for anonymous downloads while the system load is too high.",
                resolve: "Check the path (letter case, current directory, and that the server's root may be a chroot jail rather than /) and the account's permissions. Waiting will not help, unlike with 450. A client should show the server's text, which usually names the cause (no such file, permission denied).",
            },
            fr: Texts {
                title: "Fichier introuvable ou accès refusé",
                description: "Le serveur n'a pas effectué l'opération car le fichier ou le répertoire est inutilisable : il n'existe pas, ou vous n'y avez pas droit. Le refus est définitif : la même demande échouera tant que rien ne change.",
                when: "RETR, SIZE ou MDTM d'un fichier qui n'existe pas ; CWD vers un répertoire absent ; DELE, RMD, MKD, RNFR ou STOR sans autorisation, ou dans une zone en lecture seule comme la plupart des sites anonymes. Les serveurs emploient aussi 550 pour des refus de politique : ProFTPD et pyftpdlib pour « SSL/TLS required on the data channel », Pure-FTPd pour les téléchargements anonymes quand la charge du système est trop forte.",
                resolve: "Vérifiez le chemin (majuscules et minuscules, répertoire courant, et le fait que la racine du serveur peut être une prison chroot plutôt que /) ainsi que les droits du compte. Attendre n'y changera rien, contrairement à 450. Un client doit afficher le texte du serveur, qui nomme en général la cause (fichier inexistant, permission refusée).",
            },
        },
    },
    Teaching {
        code: 551,
        rfc: 959,
        texts: Translated {
            en: Texts {
                title: "Page type unknown",
                description: "The transfer was aborted because the server did not recognize the page type of a file sent with page structure (STRU P), a format RFC 959 kept for systems that store files as pages.",
                when: "Practically never today: only with STRU P transfers between systems that understand page-structured files.",
                resolve: "Use file structure (STRU F, the default) with TYPE I or A. If a server sends 551 in another situation, it is misusing the code: read its text for the real cause.",
            },
            fr: Texts {
                title: "Type de page inconnu",
                description: "Le transfert a été interrompu car le serveur n'a pas reconnu le type de page d'un fichier envoyé en structure paginée (STRU P), un format que la RFC 959 conservait pour les systèmes qui stockent les fichiers par pages.",
                when: "Pratiquement jamais aujourd'hui : seulement lors de transferts en STRU P entre systèmes qui comprennent les fichiers paginés.",
                resolve: "Utilisez la structure fichier (STRU F, la valeur par défaut) avec TYPE I ou A. Si un serveur envoie 551 dans une autre situation, il détourne le code : lisez son texte pour connaître la vraie cause.",
            },
        },
    },
    Teaching {
        code: 552,
        rfc: 959,
        texts: Translated {
            en: Texts {
                title: "Exceeded storage allocation",
                description: "The server stopped storing the file because it would exceed the space allotted to you or to this directory: a quota or a size limit, not the whole disk.",
                when: "During STOR, STOU or APPE for an account with a quota (Pure-FTPd's virtual quotas, for example), or when a file goes over a maximum size the server enforces.",
                resolve: "Free space in your account or ask the operator for a larger quota; retrying fails until then. Check whether a partial file was left behind. Compare with 452, where the server's whole storage is short and the condition may clear by itself.",
            },
            fr: Texts {
                title: "Allocation de stockage dépassée",
                description: "Le serveur a cessé d'enregistrer le fichier parce qu'il dépasserait l'espace qui vous est attribué, ou qui l'est à ce répertoire : un quota ou une taille maximale, pas le disque entier.",
                when: "Pendant un STOR, STOU ou APPE pour un compte soumis à un quota (les quotas virtuels de Pure-FTPd, par exemple), ou quand un fichier dépasse une taille maximale imposée par le serveur.",
                resolve: "Libérez de l'espace dans votre compte ou demandez un quota plus grand à l'administrateur ; réessayer échouera d'ici là. Vérifiez s'il reste un fichier partiel. À comparer avec 452, où c'est tout le stockage du serveur qui manque et où la situation peut se résoudre d'elle-même.",
            },
        },
    },
    Teaching {
        code: 553,
        rfc: 959,
        texts: Translated {
            en: Texts {
                title: "File name not allowed",
                description: "The server refuses the file name: it is not valid on the server's file system, or the server's policy forbids it. Nothing was stored or renamed.",
                when: "On STOR, STOU, APPE or RNTO with a name that has forbidden characters, points outside the area you may write to, or matches a pattern the server rejects. vsftpd also answers \"553 Could not create file.\" whenever it cannot create the file, which is usually a permission problem, not a bad name.",
                resolve: "Choose a plain name (letters, digits, dot, dash, underscore) in a directory that exists and that you may write to, and check that the server allows uploads at all (vsftpd: write_enable). Sending the same name again will fail the same way.",
            },
            fr: Texts {
                title: "Nom de fichier non autorisé",
                description: "Le serveur refuse le nom de fichier : il n'est pas valide sur son système de fichiers, ou sa politique l'interdit. Rien n'a été enregistré ni renommé.",
                when: "Sur STOR, STOU, APPE ou RNTO avec un nom qui contient des caractères interdits, qui pointe hors de la zone où vous pouvez écrire, ou qui correspond à un motif rejeté par le serveur. vsftpd répond aussi « 553 Could not create file. » chaque fois qu'il ne peut pas créer le fichier, ce qui relève le plus souvent d'un problème de droits, non d'un mauvais nom.",
                resolve: "Choisissez un nom simple (lettres, chiffres, point, tiret, tiret bas) dans un répertoire qui existe et où vous avez le droit d'écrire, et vérifiez que le serveur autorise les envois (vsftpd : write_enable). Renvoyer le même nom échouera de la même façon.",
            },
        },
    },
    Teaching {
        code: 554,
        rfc: 1123,
        texts: Translated {
            en: Texts {
                title: "Invalid REST parameter",
                description: "A transfer command that followed REST failed because the server cannot position the existing file at the restart marker given.",
                when: "When resuming a transfer with REST then RETR (or STOR) and the marker does not fit the file on the server, typically an offset beyond its end (pyftpdlib answers 554 then) because the remote file is shorter than the client believes or was replaced since the interrupted transfer.",
                resolve: "Ask the server for the file's size (SIZE) and restart from what you really have, or transfer from the beginning without REST. A client should compare local and remote sizes before resuming.",
            },
            fr: Texts {
                title: "Paramètre REST invalide",
                description: "Une commande de transfert qui suivait REST a échoué, car le serveur ne peut pas positionner le fichier existant au marqueur de reprise indiqué.",
                when: "Lors de la reprise d'un transfert par REST puis RETR (ou STOR) quand le marqueur ne convient pas au fichier du serveur, le plus souvent une position au-delà de sa fin (pyftpdlib répond alors 554), parce que le fichier distant est plus court que ne le croit le client ou a été remplacé depuis le transfert interrompu.",
                resolve: "Demandez la taille du fichier au serveur (SIZE) et reprenez à partir de ce que vous avez réellement, ou transférez depuis le début sans REST. Un client doit comparer les tailles locale et distante avant de reprendre.",
            },
        },
    },
    Teaching {
        code: 555,
        rfc: 1123,
        texts: Translated {
            en: Texts {
                title: "TYPE or STRU mismatch",
                description: "The server refuses because the current transfer parameters, TYPE and STRU, do not match the existing file that the command would append to or restart: going on would mix two representations in one file.",
                when: "On APPE, or on a transfer after REST, when TYPE or STRU differs from the one the file was written with, such as resuming in ASCII a file first sent in binary. Few servers check this.",
                resolve: "Use the same TYPE and STRU as the original transfer (usually TYPE I and STRU F), or transfer the whole file again.",
            },
            fr: Texts {
                title: "Incohérence de TYPE ou de STRU",
                description: "Le serveur refuse parce que les paramètres de transfert actuels, TYPE et STRU, ne correspondent pas au fichier existant que la commande compléterait ou reprendrait : continuer mêlerait deux représentations dans un même fichier.",
                when: "Sur APPE, ou sur un transfert après REST, quand TYPE ou STRU diffère de celui avec lequel le fichier a été écrit, par exemple reprendre en ASCII un fichier d'abord envoyé en binaire. Peu de serveurs le vérifient.",
                resolve: "Reprenez avec les mêmes TYPE et STRU que le transfert d'origine (le plus souvent TYPE I et STRU F), ou transférez de nouveau tout le fichier.",
            },
        },
    },
    Teaching {
        code: 631,
        rfc: 2228,
        texts: Translated {
            en: Texts {
                title: "Integrity protected reply",
                description: "A wrapper, not an answer of its own: the real reply is carried in the text, base64-encoded and protected against tampering (but not encrypted) by the security mechanism negotiated with AUTH and ADAT.",
                when: "Only on sessions secured with an RFC 2228 mechanism such as Kerberos or GSSAPI, usually in answer to a command sent with MIC; never on FTPS, where TLS protects the whole control connection. A multiline 631 starts every line but the last with \"631-\".",
                resolve: "Nothing to fix: the client decodes and verifies the text with its security mechanism, then handles the reply inside as usual. A client without RFC 2228 support cannot follow such a session (Python's ftplib raises error_proto on any 6yz): turn the Kerberos or GSSAPI security off, or use FTPS.",
            },
            fr: Texts {
                title: "Réponse protégée en intégrité",
                description: "Une enveloppe, pas une réponse à part entière : la vraie réponse est transportée dans le texte, encodée en base64 et protégée contre toute modification (mais non chiffrée) par le mécanisme de sécurité négocié avec AUTH et ADAT.",
                when: "Uniquement sur des sessions sécurisées par un mécanisme de la RFC 2228 comme Kerberos ou GSSAPI, en général en réponse à une commande envoyée avec MIC ; jamais en FTPS, où TLS protège toute la connexion de contrôle. Sur plusieurs lignes, chaque ligne sauf la dernière commence par « 631- ».",
                resolve: "Rien à corriger : le client décode et vérifie le texte avec son mécanisme de sécurité, puis traite normalement la réponse qu'il contient. Un client sans prise en charge de la RFC 2228 ne peut pas suivre une telle session (ftplib, en Python, lève error_proto sur toute réponse 6yz) : désactivez la sécurité Kerberos ou GSSAPI, ou passez au FTPS.",
            },
        },
    },
    Teaching {
        code: 632,
        rfc: 2228,
        texts: Translated {
            en: Texts {
                title: "Confidentiality and integrity protected reply",
                description: "A wrapper around the real reply, which the security mechanism has both encrypted and protected against tampering (a \"private\" message), then encoded in base64.",
                when: "Only on sessions secured with an RFC 2228 mechanism such as Kerberos or GSSAPI, usually in answer to a command sent with ENC; never on FTPS. A multiline 632 starts every line but the last with \"632-\".",
                resolve: "Nothing to fix: the client decrypts and verifies the text, then handles the reply inside as usual. If the client cannot (no RFC 2228 support; Python's ftplib raises error_proto), turn that security off or use FTPS.",
            },
            fr: Texts {
                title: "Réponse protégée en confidentialité et en intégrité",
                description: "Une enveloppe autour de la vraie réponse, que le mécanisme de sécurité a à la fois chiffrée et protégée contre toute modification (un message « private »), puis encodée en base64.",
                when: "Uniquement sur des sessions sécurisées par un mécanisme de la RFC 2228 comme Kerberos ou GSSAPI, en général en réponse à une commande envoyée avec ENC ; jamais en FTPS. Sur plusieurs lignes, chaque ligne sauf la dernière commence par « 632- ».",
                resolve: "Rien à corriger : le client déchiffre et vérifie le texte, puis traite normalement la réponse qu'il contient. S'il n'en est pas capable (pas de prise en charge de la RFC 2228 ; ftplib, en Python, lève error_proto), désactivez cette sécurité ou passez au FTPS.",
            },
        },
    },
    Teaching {
        code: 633,
        rfc: 2228,
        texts: Translated {
            en: Texts {
                title: "Confidentiality protected reply",
                description: "A wrapper around the real reply, which the security mechanism has encrypted without separate integrity protection (a \"confidential\" message), then encoded in base64.",
                when: "Only on sessions secured with an RFC 2228 mechanism that offers confidentiality alone, usually in answer to a command sent with CONF; rare, and never on FTPS. A multiline 633 starts every line but the last with \"633-\".",
                resolve: "Nothing to fix: the client decrypts the text, then handles the reply inside as usual. If the client cannot (no RFC 2228 support; Python's ftplib raises error_proto), turn that security off or use FTPS.",
            },
            fr: Texts {
                title: "Réponse protégée en confidentialité",
                description: "Une enveloppe autour de la vraie réponse, que le mécanisme de sécurité a chiffrée sans protection d'intégrité distincte (un message « confidential »), puis encodée en base64.",
                when: "Uniquement sur des sessions sécurisées par un mécanisme de la RFC 2228 qui offre la seule confidentialité, en général en réponse à une commande envoyée avec CONF ; rare, et jamais en FTPS. Sur plusieurs lignes, chaque ligne sauf la dernière commence par « 633- ».",
                resolve: "Rien à corriger : le client déchiffre le texte, puis traite normalement la réponse qu'il contient. S'il n'en est pas capable (pas de prise en charge de la RFC 2228 ; ftplib, en Python, lève error_proto), désactivez cette sécurité ou passez au FTPS.",
            },
        },
    },
];
