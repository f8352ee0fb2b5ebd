//! Teaching texts for 1yz, 2yz and 3yz replies.
//!
//! Sorted by code, then RFC, like the registry. Facts about real clients and
//! servers come from the project's measurements (reply libraries and server
//! limits); everything else is checked against the defining RFC.

use super::Teaching;
use crate::explain::{Texts, Translated};

pub(crate) static TEACHING: &[Teaching] = &[
    Teaching {
        code: 110,
        rfc: 959,
        texts: Translated {
            en: Texts {
                title: "Restart marker",
                description: "A preliminary reply that reports a checkpoint during a transfer: the side receiving the data pairs a restart marker found in the data stream with its own position. Its text is fixed by the RFC: \"MARK yyyy = mmmm\", where yyyy is the user-process data stream marker and mmmm the server's equivalent marker, with a space on each side of the \"=\".",
                when: "Only during STOR, STOU, APPE or RETR in block or compressed mode (MODE B or MODE C), when the sender puts restart markers in the data. It arrives between the 150 (or 125) and the final 226 or 250; ordinary stream-mode transfers never produce it.",
                resolve: "Nothing to fix: keep reading, the transfer's completion reply is still to come. Record mmmm: if the transfer breaks, REST mmmm followed by the same transfer command resumes from that point. Today's resumes use REST with a byte offset in stream mode (RFC 3659) and never show a 110.",
            },
            fr: Texts {
                title: "Marqueur de reprise",
                description: "Réponse préliminaire qui signale un point de reprise pendant un transfert : le côté qui reçoit les données associe un marqueur de reprise trouvé dans le flux à sa propre position. Son texte est imposé par la RFC : « MARK yyyy = mmmm », où yyyy est le marqueur du flux de données côté utilisateur et mmmm le marqueur équivalent côté serveur, avec un espace de part et d'autre du « = ».",
                when: "Uniquement pendant STOR, STOU, APPE ou RETR en mode bloc ou compressé (MODE B ou MODE C), quand l'émetteur insère des marqueurs de reprise dans les données. Il arrive entre le 150 (ou le 125) et la réponse finale 226 ou 250 ; un transfert ordinaire en mode flux n'en produit jamais.",
                resolve: "Rien à corriger : continuez à lire, la réponse de fin de transfert doit encore arriver. Notez mmmm : si le transfert est interrompu, REST mmmm suivi de la même commande de transfert reprend à ce point. Les reprises actuelles utilisent REST avec une position en octets en mode flux (RFC 3659) et ne montrent jamais de 110.",
            },
        },
    },
    Teaching {
        code: 120,
        rfc: 959,
        texts: Translated {
            en: Texts {
                title: "Service ready in nnn minutes",
                description: "The server accepted the connection but cannot take commands yet; nnn is its estimate of the delay, in minutes. It is a preliminary reply: a 220 greeting must still follow before the session can begin.",
                when: "Right after connecting, in place of an immediate greeting, or in reply to REIN: RFC 959 §5.4 asks a server that cannot accept input at once to send 120 immediately and 220 when ready. vsftpd, ProFTPD, Pure-FTPd and pyftpdlib never send it, so you mostly meet it with test servers.",
                resolve: "Keep the connection open and wait for the 220, sending nothing until it arrives. Many clients get this wrong: curl and Go's jlaffaye/ftp give up at once, and Python's ftplib takes the 120 as the greeting, then reads the late 220 as the answer to USER and stays one reply out of step. A robust client treats any 1yz at connect time as \"keep waiting\".",
            },
            fr: Texts {
                title: "Service prêt dans nnn minutes",
                description: "Le serveur a accepté la connexion mais ne peut pas encore recevoir de commandes ; nnn est son estimation du délai, en minutes. C'est une réponse préliminaire : un accueil 220 doit encore suivre avant que la session commence.",
                when: "Juste après la connexion, à la place d'un accueil immédiat, ou en réponse à REIN : la RFC 959 (§5.4) demande au serveur qui ne peut pas traiter de commandes tout de suite d'envoyer 120 aussitôt, puis 220 une fois prêt. Ni vsftpd, ni ProFTPD, ni Pure-FTPd, ni pyftpdlib ne l'envoient : on le rencontre surtout avec des serveurs de test.",
                resolve: "Gardez la connexion ouverte et attendez le 220, sans rien envoyer d'ici là. Beaucoup de clients gèrent mal ce cas : curl et la bibliothèque Go jlaffaye/ftp abandonnent aussitôt, et ftplib (Python) prend le 120 pour l'accueil, puis lit le 220 tardif comme réponse à USER et reste décalé d'une réponse. Un client robuste traite toute réponse 1yz reçue à la connexion comme « attendez encore ».",
            },
        },
    },
    Teaching {
        code: 125,
        rfc: 959,
        texts: Translated {
            en: Texts {
                title: "Data connection already open; transfer starting",
                description: "A data connection is already open and the server is starting the transfer on it, so no new connection is needed. A completion reply follows when the transfer ends: 226 or 250, or a 4yz or 5yz if it fails.",
                when: "After RETR, STOR, STOU, APPE, LIST or NLST when a data connection made earlier is still open: in passive mode once the client has already connected to the port given by 227 or 229, or in block mode, where one connection carries several files.",
                resolve: "Nothing to fix: read or send the data, then wait for the completion reply before the next command. Treat 125 exactly like 150; a client that only accepts 150 breaks on servers, such as Microsoft IIS, that answer 125 in passive mode.",
            },
            fr: Texts {
                title: "Connexion de données déjà ouverte ; début du transfert",
                description: "Une connexion de données est déjà ouverte et le serveur y commence le transfert : aucune nouvelle connexion n'est nécessaire. Une réponse de fin suivra à la fin du transfert : 226 ou 250, ou bien un 4yz ou un 5yz en cas d'échec.",
                when: "Après RETR, STOR, STOU, APPE, LIST ou NLST, quand une connexion de données établie plus tôt est encore ouverte : en mode passif, le client s'étant déjà connecté au port annoncé par le 227 ou le 229, ou en mode bloc, où une même connexion transporte plusieurs fichiers.",
                resolve: "Rien à corriger : lisez ou envoyez les données, puis attendez la réponse de fin avant la commande suivante. Traitez 125 exactement comme 150 ; un client qui n'accepte que 150 échoue avec les serveurs qui répondent 125 en mode passif, comme Microsoft IIS.",
            },
        },
    },
    Teaching {
        code: 150,
        rfc: 959,
        texts: Translated {
            en: Texts {
                title: "File status okay; opening data connection",
                description: "The server accepted the transfer command and is about to open the data connection (or, in passive mode, to accept the client's). It is a preliminary reply: the outcome comes later, as 226 or 250 on success, or 425, 426 or 451 on failure.",
                when: "After RETR, STOR, STOU, APPE, LIST or NLST: it is the usual first answer to a transfer. For STOU, RFC 1123 §4.1.2.9 requires the 125 or 150 to name the file the server chose, as \"150 FILE: name\".",
                resolve: "Nothing to fix: open or accept the data connection, move the data, then wait for the final reply without sending another command. If the transfer then stalls or ends in 425, the data connection could not be made: a firewall or NAT in front of the passive port, or an active-mode connection blocked by the client's network. Try passive mode or EPSV, or open the server's passive port range.",
            },
            fr: Texts {
                title: "État du fichier correct ; ouverture de la connexion de données",
                description: "Le serveur a accepté la commande de transfert et s'apprête à ouvrir la connexion de données (ou, en mode passif, à accepter celle du client). C'est une réponse préliminaire : le résultat viendra ensuite, 226 ou 250 en cas de succès, 425, 426 ou 451 en cas d'échec.",
                when: "Après RETR, STOR, STOU, APPE, LIST ou NLST : c'est la première réponse habituelle à un transfert. Pour STOU, la RFC 1123 (§4.1.2.9) exige que le 125 ou le 150 donne le nom choisi par le serveur, sous la forme « 150 FILE: nom ».",
                resolve: "Rien à corriger : ouvrez ou acceptez la connexion de données, faites passer les données, puis attendez la réponse finale sans envoyer d'autre commande. Si le transfert se fige ensuite ou se termine par un 425, la connexion de données n'a pas pu s'établir : pare-feu ou NAT devant le port passif, ou connexion active bloquée par le réseau du client. Essayez le mode passif ou EPSV, ou ouvrez la plage de ports passifs du serveur.",
            },
        },
    },
    Teaching {
        code: 200,
        rfc: 959,
        texts: Translated {
            en: Texts {
                title: "Command okay",
                description: "The command was accepted and carried out. RFC 959 uses it for commands whose success gives the client no new information; a new command may follow.",
                when: "After TYPE, MODE, STRU, PORT, NOOP and often SITE; after EPRT (RFC 2428); with FTPS, after PBSZ and PROT. RFC 959 also lists 200 for CDUP, though many servers answer CDUP with 250.",
                resolve: "Nothing to fix: go on. A 200 to PORT or EPRT only means the address was accepted: whether the server can actually connect to it shows at the next transfer, where a 425 means it could not.",
            },
            fr: Texts {
                title: "Commande correcte",
                description: "La commande a été acceptée et exécutée. La RFC 959 l'emploie pour les commandes dont le succès n'apporte aucune information nouvelle au client ; une nouvelle commande peut suivre.",
                when: "Après TYPE, MODE, STRU, PORT, NOOP et souvent SITE ; après EPRT (RFC 2428) ; en FTPS, après PBSZ et PROT. La RFC 959 prévoit aussi 200 pour CDUP, mais beaucoup de serveurs répondent 250 à CDUP.",
                resolve: "Rien à corriger : continuez. Un 200 en réponse à PORT ou EPRT signifie seulement que l'adresse a été acceptée : on ne saura qu'au transfert suivant si le serveur peut vraiment s'y connecter, un 425 indiquant alors qu'il n'y est pas parvenu.",
            },
        },
    },
    Teaching {
        code: 202,
        rfc: 959,
        texts: Translated {
            en: Texts {
                title: "Command superfluous at this site",
                description: "The server does not implement the command because it has no use at this site, but answers with a positive completion so that a simple client can carry on as if it had succeeded.",
                when: "Typically after ALLO on a server that needs no space reserved in advance (RFC 959's example text is \"No storage allocation necessary.\"); also after ACCT or PASS when the login needs no account or password, and after SITE or SMNT for something the site does not need.",
                resolve: "Nothing to fix: treat it as success and go on. Do not confuse it with 502, which is a failure: 202 means the command was not needed here, 502 that the server lacks a command that was.",
            },
            fr: Texts {
                title: "Commande superflue sur ce site",
                description: "Le serveur n'implémente pas la commande parce qu'elle n'a pas d'utilité sur ce site, mais il répond par une réponse positive pour qu'un client simple puisse continuer comme si elle avait réussi.",
                when: "Typiquement après ALLO sur un serveur qui n'a pas besoin de réserver d'espace à l'avance (le texte donné en exemple par la RFC 959 est « No storage allocation necessary. ») ; aussi après ACCT ou PASS quand la connexion ne demande ni compte ni mot de passe, et après SITE ou SMNT pour une fonction inutile sur ce site.",
                resolve: "Rien à corriger : considérez la commande comme réussie et continuez. Ne la confondez pas avec 502, qui est un échec : 202 signifie que la commande n'était pas nécessaire ici, 502 qu'il manque au serveur une commande qui l'était.",
            },
        },
    },
    Teaching {
        code: 211,
        rfc: 959,
        texts: Translated {
            en: Texts {
                title: "System status or help",
                description: "Information about the server: its general status, or a help summary. Usually a multiline reply whose inner lines carry the information.",
                when: "After STAT without an argument (transfer parameters and the state of the connections), after HELP on some servers, and after FEAT (RFC 2389), which lists the server's extensions between a \"211-\" first line and a closing \"211 End\" line.",
                resolve: "Nothing to fix: read the whole reply, up to the line that starts with the code followed by a space (\"211 End\" for FEAT). A client that stops after the first line leaves the rest unread and falls out of step, a known cause of FEAT hangs in client libraries; FEAT's inner lines begin with a space and are never replies.",
            },
            fr: Texts {
                title: "État du système ou aide",
                description: "Des informations sur le serveur : son état général, ou un résumé d'aide. En général une réponse sur plusieurs lignes, dont les lignes intermédiaires portent l'information.",
                when: "Après STAT sans argument (paramètres de transfert et état des connexions), après HELP sur certains serveurs, et après FEAT (RFC 2389), qui liste les extensions du serveur entre une première ligne « 211- » et une ligne finale « 211 End ».",
                resolve: "Rien à corriger : lisez toute la réponse, jusqu'à la ligne qui commence par le code suivi d'un espace (« 211 End » pour FEAT). Un client qui s'arrête après la première ligne laisse le reste non lu et se décale, une cause connue de blocages sur FEAT dans les bibliothèques clientes ; les lignes intermédiaires de FEAT commencent par un espace et ne sont jamais des réponses.",
            },
        },
    },
    Teaching {
        code: 212,
        rfc: 959,
        texts: Translated {
            en: Texts {
                title: "Directory status",
                description: "Status information about a directory, sent in the reply on the control connection rather than over a data connection.",
                when: "After STAT with a directory's pathname: the server lists the directory, much as LIST would, inside a (usually multiline) reply.",
                resolve: "Nothing to fix: read the reply to its last line. STAT with a path lists a directory without any data connection, which helps when passive mode is blocked; expect other codes for it too, since servers such as vsftpd answer with 213.",
            },
            fr: Texts {
                title: "État du répertoire",
                description: "Des informations d'état sur un répertoire, envoyées dans la réponse sur la connexion de contrôle plutôt que par une connexion de données.",
                when: "Après STAT suivi du chemin d'un répertoire : le serveur liste le répertoire, à peu près comme LIST, dans une réponse en général sur plusieurs lignes.",
                resolve: "Rien à corriger : lisez la réponse jusqu'à sa dernière ligne. STAT avec un chemin liste un répertoire sans connexion de données, ce qui dépanne quand le mode passif est bloqué ; attendez-vous aussi à d'autres codes, certains serveurs comme vsftpd répondant par 213.",
            },
        },
    },
    Teaching {
        code: 213,
        rfc: 959,
        texts: Translated {
            en: Texts {
                title: "File status",
                description: "Status information about a file, or a single value about it, given in the text of the reply.",
                when: "After STAT with a file's pathname (RFC 959) and, far more often, after SIZE (the size in bytes) and MDTM (the modification time as YYYYMMDDHHMMSS, in UTC), both from RFC 3659.",
                resolve: "Nothing to fix: take the value that follows the code. A file's size depends on the transfer type, and in ASCII mode a server may refuse SIZE or give a size that differs from the bytes you receive, so send TYPE I before using SIZE to resume or check a download.",
            },
            fr: Texts {
                title: "État du fichier",
                description: "Des informations d'état sur un fichier, ou une valeur unique le concernant, données dans le texte de la réponse.",
                when: "Après STAT suivi du chemin d'un fichier (RFC 959) et, bien plus souvent, après SIZE (la taille en octets) et MDTM (la date de modification au format AAAAMMJJHHMMSS, en UTC), deux commandes de la RFC 3659.",
                resolve: "Rien à corriger : prenez la valeur qui suit le code. La taille d'un fichier dépend du type de transfert et, en mode ASCII, un serveur peut refuser SIZE ou donner une taille différente des octets reçus : envoyez TYPE I avant d'utiliser SIZE pour reprendre ou vérifier un téléchargement.",
            },
        },
    },
    Teaching {
        code: 214,
        rfc: 959,
        texts: Translated {
            en: Texts {
                title: "Help message",
                description: "Help for a human reader: how to use the server, or what a non-standard command means. RFC 959 says it is useful only to the human user, so programs should not parse it.",
                when: "After HELP, with or without a command name (HELP SITE describes the site-specific commands); usually a multiline reply. Some servers accept HELP before login.",
                resolve: "Nothing to fix: show the text to the user. To learn programmatically what a server supports, ask FEAT (answered with 211) instead of parsing HELP.",
            },
            fr: Texts {
                title: "Message d'aide",
                description: "De l'aide destinée à un lecteur humain : comment utiliser le serveur, ou ce que signifie une commande non standard. La RFC 959 précise qu'elle ne sert qu'à l'utilisateur humain ; un programme ne doit donc pas l'analyser.",
                when: "Après HELP, avec ou sans nom de commande (HELP SITE décrit les commandes propres au site) ; en général une réponse sur plusieurs lignes. Certains serveurs acceptent HELP avant l'authentification.",
                resolve: "Rien à corriger : affichez le texte à l'utilisateur. Pour savoir par programme ce que le serveur prend en charge, interrogez FEAT (qui répond par 211) plutôt que d'analyser HELP.",
            },
        },
    },
    Teaching {
        code: 215,
        rfc: 959,
        texts: Translated {
            en: Texts {
                title: "System type",
                description: "The type of operating system at the server. The first word is an official system name from the list kept by IANA (the Assigned Numbers document), such as UNIX; the rest is free text.",
                when: "After SYST. Many servers answer \"215 UNIX Type: L8\" whatever they run, because clients use the name to guess how LIST output is laid out.",
                resolve: "Nothing to fix. Don't lean on it: a listing's format is better read from MLSD (RFC 3659), which is machine-readable, than guessed from the system name.",
            },
            fr: Texts {
                title: "Type de système",
                description: "Le type de système d'exploitation du serveur. Le premier mot est un nom de système officiel de la liste tenue par l'IANA (le document Assigned Numbers), comme UNIX ; la suite est libre.",
                when: "Après SYST. Beaucoup de serveurs répondent « 215 UNIX Type: L8 » quel que soit leur système, parce que les clients se servent de ce nom pour deviner la présentation de la sortie de LIST.",
                resolve: "Rien à corriger. N'en dépendez pas trop : mieux vaut lire le format d'une liste avec MLSD (RFC 3659), conçu pour les programmes, que le deviner d'après le nom du système.",
            },
        },
    },
    Teaching {
        code: 220,
        rfc: 959,
        texts: Translated {
            en: Texts {
                title: "Service ready",
                description: "The server accepted the connection and is ready for a user to log in. It is the greeting, the first reply of every FTP session.",
                when: "Right after the TCP connection opens, before the client sends anything; as the second reply after a 120, once a busy server becomes ready; and after REIN, which returns the session to its just-connected state. 220 is also the success reply to HOST (RFC 7151), which names the virtual host before login. A server at its connection limit may send something else here: 421 (vsftpd, Pure-FTPd, pyftpdlib), 530 (ProFTPD's per-host limit), or nothing at all, closing the connection (ProFTPD's MaxInstances).",
                resolve: "Nothing to fix: go on with USER and PASS (or AUTH TLS first). If your client stalls here, check that it reads a multiline greeting to its closing 220 line.",
            },
            fr: Texts {
                title: "Service prêt",
                description: "Le serveur a accepté la connexion et attend qu'un utilisateur s'identifie. C'est le message d'accueil, la toute première réponse d'une session FTP.",
                when: "Dès l'ouverture de la connexion TCP, avant que le client n'envoie quoi que ce soit ; en seconde réponse après un 120, quand un serveur occupé devient disponible ; et après REIN, qui ramène la session à son état de début de connexion. 220 est aussi la réponse de succès à HOST (RFC 7151), qui nomme l'hôte virtuel avant l'authentification. Un serveur qui a atteint sa limite de connexions peut envoyer autre chose ici : 421 (vsftpd, Pure-FTPd, pyftpdlib), 530 (limite par hôte de ProFTPD), ou rien du tout, en fermant la connexion (MaxInstances de ProFTPD).",
                resolve: "Rien à corriger : poursuivez avec USER et PASS (ou d'abord AUTH TLS). Si votre client se fige ici, vérifiez qu'il lit un accueil sur plusieurs lignes jusqu'à la ligne finale en 220.",
            },
        },
    },
    Teaching {
        code: 221,
        rfc: 959,
        texts: Translated {
            en: Texts {
                title: "Closing control connection",
                description: "The server is ending the session and closing the control connection, logging the user out if one was logged in. It is the orderly end of a session.",
                when: "After QUIT, for which it is the only success reply; if a transfer is still running, the server sends it once the transfer has ended. Some servers also send 221 when they close an idle session (libunftp does, where most servers send 421).",
                resolve: "Nothing to fix: close your side of the connection too. After QUIT, a 221 is success, not a reason to reconnect; a 221 you did not ask for (an idle timeout) means you must reconnect and log in again before the next command.",
            },
            fr: Texts {
                title: "Fermeture de la connexion de contrôle",
                description: "Le serveur termine la session et ferme la connexion de contrôle, en déconnectant l'utilisateur s'il y en avait un. C'est la fin normale d'une session.",
                when: "Après QUIT, dont c'est la seule réponse de succès ; si un transfert est encore en cours, le serveur l'envoie une fois le transfert terminé. Certains serveurs envoient aussi 221 en fermant une session restée inactive (c'est le cas de libunftp, là où la plupart des serveurs envoient 421).",
                resolve: "Rien à corriger : fermez aussi la connexion de votre côté. Après QUIT, un 221 est un succès, pas une raison de se reconnecter ; un 221 que vous n'avez pas demandé (délai d'inactivité dépassé) oblige à se reconnecter et à s'authentifier de nouveau avant la commande suivante.",
            },
        },
    },
    Teaching {
        code: 225,
        rfc: 959,
        texts: Translated {
            en: Texts {
                title: "Data connection open, no transfer",
                description: "The data connection is open and idle: no transfer is running on it.",
                when: "After ABOR when no transfer was in progress; RFC 959 lists 225 and 226 as ABOR's success replies. In the RFC's sense it belongs to block or compressed mode, where one data connection serves several files, but servers also use it for an ABOR with nothing to stop: vsftpd answers \"225 No transfer to ABOR.\"",
                resolve: "Nothing to fix: the abort had nothing to stop, and a data connection still open can carry the next transfer. If a transfer was running, the server answers 426 then 226 instead, and closes the data connection.",
            },
            fr: Texts {
                title: "Connexion de données ouverte, aucun transfert",
                description: "La connexion de données est ouverte et inactive : aucun transfert n'y est en cours.",
                when: "Après ABOR, quand aucun transfert n'était en cours ; la RFC 959 prévoit 225 et 226 comme réponses de succès à ABOR. Au sens de la RFC, elle relève du mode bloc ou compressé, où une même connexion de données sert pour plusieurs fichiers, mais les serveurs l'emploient aussi pour un ABOR sans rien à interrompre : vsftpd répond « 225 No transfer to ABOR. »",
                resolve: "Rien à corriger : l'annulation n'avait rien à interrompre, et une connexion de données encore ouverte peut servir au transfert suivant. Si un transfert était en cours, le serveur répond plutôt 426 puis 226, et ferme la connexion de données.",
            },
        },
    },
    Teaching {
        code: 226,
        rfc: 959,
        texts: Translated {
            en: Texts {
                title: "Closing data connection, action successful",
                description: "The requested file action succeeded and the server is closing the data connection: for a transfer, this is the \"transfer complete\" reply. After ABOR, it confirms the abort was handled.",
                when: "At the end of RETR, STOR, STOU, APPE, LIST or NLST, after the 150 or 125; in stream mode every successful transfer ends this way, since closing the connection marks the end of the file. After ABOR it follows a 426 if a transfer was cut short, or comes alone if none was running.",
                resolve: "Nothing to fix: the transfer is done and you may send the next command. Wait for this reply before starting another transfer (RFC 959 §5.2): in stream mode an early close looks like a normal end of file, and only the 226 (rather than a 426 or 451) confirms the data is complete. 250 is the same success when the data connection stays open.",
            },
            fr: Texts {
                title: "Fermeture de la connexion de données, action réussie",
                description: "L'action demandée sur le fichier a réussi et le serveur ferme la connexion de données : pour un transfert, c'est la réponse « transfert terminé ». Après ABOR, elle confirme que l'annulation a été traitée.",
                when: "À la fin de RETR, STOR, STOU, APPE, LIST ou NLST, après le 150 ou le 125 ; en mode flux, tout transfert réussi se termine ainsi, puisque la fermeture de la connexion marque la fin du fichier. Après ABOR, elle suit un 426 si un transfert a été interrompu, ou arrive seule s'il n'y en avait pas.",
                resolve: "Rien à corriger : le transfert est terminé, vous pouvez envoyer la commande suivante. Attendez cette réponse avant de lancer un autre transfert (RFC 959, §5.2) : en mode flux, une fermeture prématurée ressemble à une fin de fichier normale, et seul le 226 (plutôt qu'un 426 ou un 451) confirme que les données sont complètes. 250 est le même succès quand la connexion de données reste ouverte.",
            },
        },
    },
    Teaching {
        code: 227,
        rfc: 959,
        texts: Translated {
            en: Texts {
                title: "Entering Passive Mode",
                description: "The server is listening for a data connection and gives its address as six numbers: h1.h2.h3.h4 is the IPv4 address and p1×256+p2 the port. The client, not the server, will open the data connection.",
                when: "After PASV, before a transfer command such as RETR, STOR or LIST. The parentheses are not guaranteed: RFC 1123 §4.1.2.6 tells clients to scan the text for the first digit of the numbers.",
                resolve: "Connect to that address and port, then send the transfer command. Behind NAT, a server often announces its private address (10.x.x.x, 192.168.x.x) and the connection leads nowhere: the server must advertise its public address (vsftpd's pasv_address, ProFTPD's MasqueradeAddress) and open its passive ports. Clients can reuse the control connection's address instead (curl does by default since 7.74.0) or use EPSV (229); PASV is IPv4 only.",
            },
            fr: Texts {
                title: "Passage en mode passif",
                description: "Le serveur attend une connexion de données et donne son adresse sous forme de six nombres : h1.h2.h3.h4 est l'adresse IPv4 et p1×256+p2 le port. C'est le client, et non le serveur, qui ouvrira la connexion de données.",
                when: "Après PASV, avant une commande de transfert comme RETR, STOR ou LIST. Les parenthèses ne sont pas garanties : la RFC 1123 (§4.1.2.6) demande aux clients de chercher dans le texte le premier chiffre des nombres.",
                resolve: "Connectez-vous à cette adresse et à ce port, puis envoyez la commande de transfert. Derrière un NAT, le serveur annonce souvent son adresse privée (10.x.x.x, 192.168.x.x) et la connexion n'aboutit pas : il doit annoncer son adresse publique (pasv_address pour vsftpd, MasqueradeAddress pour ProFTPD) et ouvrir ses ports passifs. Côté client, on peut réutiliser l'adresse de la connexion de contrôle (curl le fait par défaut depuis la version 7.74.0) ou passer par EPSV (229) ; PASV ne connaît que l'IPv4.",
            },
        },
    },
    Teaching {
        code: 228,
        rfc: 1639,
        texts: Translated {
            en: Texts {
                title: "Entering Long Passive Mode",
                description: "The long-address form of 227, from the Experimental RFC 1639: the server is listening and gives the address family, the address length, the address, the port length and the port, all as comma-separated decimal bytes. It lets passive mode work with addresses other than 32-bit IPv4.",
                when: "After LPSV. For IPv4 the numbers read (4,4,h1,h2,h3,h4,2,p1,p2); implementations use family 6 with a 16-byte address for IPv6. Few servers still implement LPSV.",
                resolve: "Connect to the announced address and port, then send the transfer command. Prefer EPSV (229, RFC 2428), which replaced LPSV in practice: it works for IPv4 and IPv6 and, by giving only a port, avoids wrong addresses behind NAT. A server that does not support the requested address family answers 521 instead.",
            },
            fr: Texts {
                title: "Passage en mode passif long",
                description: "La forme à adresse longue du 227, définie par la RFC 1639 (expérimentale) : le serveur attend une connexion et donne la famille d'adresses, la longueur de l'adresse, l'adresse, la longueur du port et le port, en octets décimaux séparés par des virgules. Elle permet le mode passif avec d'autres adresses que l'IPv4 sur 32 bits.",
                when: "Après LPSV. En IPv4 les nombres se lisent (4,4,h1,h2,h3,h4,2,p1,p2) ; les implémentations utilisent la famille 6 avec une adresse de 16 octets pour l'IPv6. Peu de serveurs implémentent encore LPSV.",
                resolve: "Connectez-vous à l'adresse et au port annoncés, puis envoyez la commande de transfert. Préférez EPSV (229, RFC 2428), qui a remplacé LPSV en pratique : il fonctionne en IPv4 comme en IPv6 et, ne donnant qu'un port, évite les adresses erronées derrière un NAT. Un serveur qui ne prend pas en charge la famille d'adresses demandée répond 521.",
            },
        },
    },
    Teaching {
        code: 229,
        rfc: 2428,
        texts: Translated {
            en: Texts {
                title: "Entering Extended Passive Mode",
                description: "The server is listening for a data connection and gives only its TCP port, as in (|||6446|): the client connects to the address of the control connection, over the same network protocol. The same reply serves IPv4 and IPv6.",
                when: "After EPSV (or EPSV 1 or EPSV 2 to ask for IPv4 or IPv6), before a transfer command. The text must end with three delimiters, the port and a delimiter in parentheses; \"|\" is usual, but RFC 2428 allows any printable ASCII character (codes 33 to 126).",
                resolve: "Take the port from between the delimiters and connect to the server's control-connection address. There is no address in the reply, which is what makes EPSV work through NAT; if the connection still fails, a firewall is blocking the server's passive ports. A server without EPSV answers 500 or 502: fall back to PASV. After EPSV ALL, the server refuses PORT, PASV and the other data-setup commands.",
            },
            fr: Texts {
                title: "Passage en mode passif étendu",
                description: "Le serveur attend une connexion de données et ne donne que son port TCP, par exemple (|||6446|) : le client se connecte à l'adresse de la connexion de contrôle, avec le même protocole réseau. La même réponse sert en IPv4 et en IPv6.",
                when: "Après EPSV (ou EPSV 1, EPSV 2 pour demander l'IPv4 ou l'IPv6), avant une commande de transfert. Le texte doit se terminer par trois délimiteurs, le port et un délimiteur entre parenthèses ; « | » est l'usage, mais la RFC 2428 admet tout caractère ASCII imprimable (codes 33 à 126).",
                resolve: "Prenez le port entre les délimiteurs et connectez-vous à l'adresse de la connexion de contrôle. La réponse ne contient aucune adresse, et c'est ce qui permet à EPSV de traverser un NAT ; si la connexion échoue quand même, un pare-feu bloque les ports passifs du serveur. Un serveur sans EPSV répond 500 ou 502 : revenez à PASV. Après EPSV ALL, le serveur refuse PORT, PASV et les autres commandes de préparation de la connexion de données.",
            },
        },
    },
    Teaching {
        code: 230,
        rfc: 959,
        texts: Translated {
            en: Texts {
                title: "User logged in",
                description: "The login is complete: the server accepted the user, and the password and account if it needed them, and now takes file commands.",
                when: "Usually after PASS; after USER alone when no password is needed; after ACCT when the account completed the login. Anonymous logins get it after PASS, whatever the password.",
                resolve: "Nothing to fix: set the transfer type (TYPE I for binary files) and go on. A login can still fail at this step after a 220 and a 331: servers that limit sessions per user or in total may answer PASS with 530 (ProFTPD) or 421 (Pure-FTPd, FileZilla Server) instead of 230.",
            },
            fr: Texts {
                title: "Utilisateur connecté",
                description: "L'authentification est terminée : le serveur a accepté l'utilisateur, ainsi que le mot de passe et le compte s'il en avait besoin, et accepte désormais les commandes sur les fichiers.",
                when: "Le plus souvent après PASS ; après USER seul quand aucun mot de passe n'est requis ; après ACCT quand le compte a complété l'authentification. Les connexions anonymes le reçoivent après PASS, quel que soit le mot de passe.",
                resolve: "Rien à corriger : choisissez le type de transfert (TYPE I pour les fichiers binaires) et continuez. Une connexion peut encore échouer à cette étape après un 220 et un 331 : les serveurs qui limitent les sessions par utilisateur ou au total peuvent répondre à PASS par 530 (ProFTPD) ou 421 (Pure-FTPd, FileZilla Server) au lieu de 230.",
            },
        },
    },
    Teaching {
        code: 232,
        rfc: 2228,
        texts: Translated {
            en: Texts {
                title: "Logged in by security exchange",
                description: "The login is complete without a password: the identity proved during the security exchange (AUTH and ADAT, for example with Kerberos through GSSAPI) is enough for the server to let in the user named by USER.",
                when: "After USER, once a security data exchange has completed (for example with a 235 to ADAT), when the server accepts that identity for this user.",
                resolve: "Nothing to fix: do not send PASS; go on as after a 230. It is the normal end of a single sign-on login. Some client libraries give 232 a meaning of their own (a logout notice) that no RFC defines; go by RFC 2228.",
            },
            fr: Texts {
                title: "Connecté par l'échange de sécurité",
                description: "L'authentification est terminée sans mot de passe : l'identité prouvée pendant l'échange de sécurité (AUTH et ADAT, par exemple Kerberos via GSSAPI) suffit au serveur pour admettre l'utilisateur nommé par USER.",
                when: "Après USER, une fois un échange de données de sécurité terminé (par exemple par un 235 en réponse à ADAT), quand le serveur accepte cette identité pour cet utilisateur.",
                resolve: "Rien à corriger : n'envoyez pas PASS et continuez comme après un 230. C'est la fin normale d'une authentification unique (single sign-on). Certaines bibliothèques clientes donnent au 232 un sens à elles (un avis de déconnexion) qu'aucune RFC ne définit ; fiez-vous à la RFC 2228.",
            },
        },
    },
    Teaching {
        code: 234,
        rfc: 2228,
        texts: Translated {
            en: Texts {
                title: "Security data exchange complete",
                description: "The server accepts the security mechanism named in AUTH and needs no security data to set it up. With AUTH TLS (explicit FTPS, RFC 4217), it means the TLS handshake starts now, on the control connection.",
                when: "After AUTH, in practice AUTH TLS sent right after the 220 greeting and before USER.",
                resolve: "Start the TLS handshake at once, before any other command; then send USER and PASS over the protected connection, and PBSZ 0 and PROT P (each answered 200) to protect the data connections too. A client that keeps talking in clear text after 234 gets nowhere, and a failure at this point is usually about certificates or TLS versions, not FTP.",
            },
            fr: Texts {
                title: "Échange de données de sécurité terminé",
                description: "Le serveur accepte le mécanisme de sécurité nommé dans AUTH et n'a besoin d'aucune donnée de sécurité pour le mettre en place. Avec AUTH TLS (FTPS explicite, RFC 4217), cela signifie que la négociation TLS commence maintenant, sur la connexion de contrôle.",
                when: "Après AUTH, en pratique AUTH TLS envoyé juste après l'accueil 220 et avant USER.",
                resolve: "Lancez la négociation TLS immédiatement, avant toute autre commande ; envoyez ensuite USER et PASS sur la connexion protégée, puis PBSZ 0 et PROT P (chacun suivi d'un 200) pour protéger aussi les connexions de données. Un client qui continue en clair après 234 n'aboutit à rien, et un échec à ce stade tient en général aux certificats ou aux versions de TLS, pas à FTP.",
            },
        },
    },
    Teaching {
        code: 235,
        rfc: 2228,
        texts: Translated {
            en: Texts {
                title: "Security data exchange successful",
                description: "The security data exchange completed successfully. The reply may carry a last piece of base64 security data for the client after \"ADAT=\"; the brackets in the RFC's text only mark it as optional.",
                when: "After ADAT, at the end of a mechanism that needs one or more rounds, such as GSSAPI: AUTH answered 334, ADAT answered 335 as many times as needed, then ADAT answered 235.",
                resolve: "Nothing to fix: pass any ADAT= data to the security mechanism (it may prove the server's identity), then log in with USER and expect 232, 331 or 336. If the mechanism supports integrity, commands must now be protected (MIC or ENC) and replies arrive as 631 or 632 until CCC.",
            },
            fr: Texts {
                title: "Échange de données de sécurité réussi",
                description: "L'échange de données de sécurité s'est terminé avec succès. La réponse peut porter, après « ADAT= », une dernière donnée de sécurité en base64 destinée au client ; les crochets du texte de la RFC indiquent seulement qu'elle est facultative.",
                when: "Après ADAT, à la fin d'un mécanisme qui demande un ou plusieurs échanges, comme GSSAPI : AUTH suivi de 334, ADAT suivi de 335 autant de fois que nécessaire, puis ADAT suivi de 235.",
                resolve: "Rien à corriger : transmettez l'éventuelle donnée ADAT= au mécanisme de sécurité (elle peut prouver l'identité du serveur), puis identifiez-vous avec USER et attendez 232, 331 ou 336. Si le mécanisme assure l'intégrité, les commandes doivent désormais être protégées (MIC ou ENC) et les réponses arrivent en 631 ou 632 jusqu'à CCC.",
            },
        },
    },
    Teaching {
        code: 250,
        rfc: 959,
        texts: Translated {
            en: Texts {
                title: "File action completed",
                description: "The requested file action is done. At the end of a transfer it also means the data connection was left open; when the server closes it, it sends 226 instead.",
                when: "After CWD, DELE, RMD and RNTO (the end of a rename), and on many servers CDUP; at the end of a transfer in block or compressed mode, where the data connection stays open; and as the closing line of MLST (RFC 3659).",
                resolve: "Nothing to fix: the action succeeded, send the next command. After a transfer that ends in 250, do not wait for the data connection to close: it stays open for the next file.",
            },
            fr: Texts {
                title: "Action sur le fichier terminée",
                description: "L'action demandée sur le fichier est faite. À la fin d'un transfert, elle signifie aussi que la connexion de données est restée ouverte ; quand le serveur la ferme, il envoie 226 à la place.",
                when: "Après CWD, DELE, RMD et RNTO (la fin d'un renommage), et sur beaucoup de serveurs CDUP ; à la fin d'un transfert en mode bloc ou compressé, où la connexion de données reste ouverte ; et comme ligne finale de MLST (RFC 3659).",
                resolve: "Rien à corriger : l'action a réussi, envoyez la commande suivante. Après un transfert terminé par 250, n'attendez pas la fermeture de la connexion de données : elle reste ouverte pour le fichier suivant.",
            },
        },
    },
    Teaching {
        code: 257,
        rfc: 959,
        texts: Translated {
            en: Texts {
                title: "Pathname created",
                description: "Gives a directory name, in double quotes at the start of the text: the directory just created, or the current working directory. A double quote inside the name is written twice.",
                when: "After MKD (the directory now exists) and after PWD (the current directory).",
                resolve: "Nothing to fix. Take the name from the first quote to its closing quote, turning each doubled quote back into one, rather than splitting the text on spaces; RFC 959 Appendix II defines this format. Use the returned name to refer to the directory later, as the server may have completed the one you asked for.",
            },
            fr: Texts {
                title: "Chemin créé",
                description: "Donne un nom de répertoire, entre guillemets droits au début du texte : le répertoire qui vient d'être créé, ou le répertoire de travail courant. Un guillemet présent dans le nom est écrit deux fois.",
                when: "Après MKD (le répertoire existe désormais) et après PWD (le répertoire courant).",
                resolve: "Rien à corriger. Prenez le nom du premier guillemet jusqu'au guillemet qui le ferme, en ramenant chaque guillemet doublé à un seul, plutôt que de découper le texte sur les espaces ; l'annexe II de la RFC 959 définit ce format. Utilisez le nom renvoyé pour désigner ensuite le répertoire, car le serveur a pu compléter celui que vous avez demandé.",
            },
        },
    },
    Teaching {
        code: 331,
        rfc: 959,
        texts: Translated {
            en: Texts {
                title: "User name okay, need password",
                description: "The server accepted the user name and needs a password to go on. It is an intermediate reply: the login is not complete yet.",
                when: "After USER, in almost every login, anonymous ones included (where the password is, by convention, an e-mail address). A server may answer 331 even for a user that does not exist, as RFC 2577 recommends, so that a user name alone reveals nothing.",
                resolve: "Send PASS with the password next, and nothing in between (RFC 959 requires PASS to follow USER immediately). Then expect 230 (logged in), 332 (account needed) or 530 (refused); that 530 is also where a wrong user name shows up. On an untrusted network, send AUTH TLS before USER so the password is not sent in clear.",
            },
            fr: Texts {
                title: "Nom d'utilisateur correct, mot de passe requis",
                description: "Le serveur a accepté le nom d'utilisateur et attend un mot de passe pour continuer. C'est une réponse intermédiaire : l'authentification n'est pas encore terminée.",
                when: "Après USER, dans presque toutes les connexions, y compris anonymes (le mot de passe est alors, par convention, une adresse électronique). Un serveur peut répondre 331 même pour un utilisateur inexistant, comme le recommande la RFC 2577, afin que le nom seul ne révèle rien.",
                resolve: "Envoyez ensuite PASS avec le mot de passe, sans rien intercaler (la RFC 959 exige que PASS suive immédiatement USER). Attendez-vous alors à 230 (connecté), 332 (compte requis) ou 530 (refus) ; c'est aussi par ce 530 que se révèle un nom d'utilisateur erroné. Sur un réseau non sûr, envoyez AUTH TLS avant USER pour que le mot de passe ne circule pas en clair.",
            },
        },
    },
    Teaching {
        code: 332,
        rfc: 959,
        texts: Translated {
            en: Texts {
                title: "Need account for login",
                description: "The server needs account information, sent with ACCT, before it can complete the login. An intermediate reply: the login sequence is not finished.",
                when: "After USER or PASS, on the rare systems that bill or separate work by account (RFC 959 §4.1.1). Most servers today never ask for an account.",
                resolve: "Send ACCT with your account name and expect 230 once the login is complete. If you don't know the account, ask the site's operator; many clients have an account setting for this (Python's ftplib takes it as the acct argument of login()).",
            },
            fr: Texts {
                title: "Compte requis pour la connexion",
                description: "Le serveur a besoin d'informations de compte, envoyées avec ACCT, pour terminer l'authentification. C'est une réponse intermédiaire : la séquence de connexion n'est pas finie.",
                when: "Après USER ou PASS, sur les rares systèmes qui facturent ou séparent le travail par compte (RFC 959, §4.1.1). La plupart des serveurs actuels ne demandent jamais de compte.",
                resolve: "Envoyez ACCT avec le nom de votre compte et attendez 230 une fois l'authentification terminée. Si vous ne connaissez pas le compte, demandez-le à l'administrateur du site ; beaucoup de clients ont un réglage prévu pour cela (ftplib, en Python, le prend comme argument acct de login()).",
            },
        },
    },
    Teaching {
        code: 334,
        rfc: 2228,
        texts: Translated {
            en: Texts {
                title: "Security mechanism accepted, data needed",
                description: "The server accepts the security mechanism named in AUTH but needs security data to set it up; the reply may already carry the server's first base64 data after \"ADAT=\".",
                when: "After AUTH with a mechanism that exchanges tokens, such as AUTH GSSAPI (Kerberos).",
                resolve: "Continue the exchange: send ADAT with your base64 security data, and another ADAT each time the server answers 335, until it answers 235. If you get 334 to AUTH TLS, the server asks for data that TLS does not use; some clients, such as Apache Commons Net, treat it like 234 and start TLS.",
            },
            fr: Texts {
                title: "Mécanisme de sécurité accepté, données requises",
                description: "Le serveur accepte le mécanisme de sécurité nommé dans AUTH mais a besoin de données de sécurité pour le mettre en place ; la réponse peut déjà porter, après « ADAT= », les premières données en base64 du serveur.",
                when: "Après AUTH avec un mécanisme qui échange des jetons, comme AUTH GSSAPI (Kerberos).",
                resolve: "Poursuivez l'échange : envoyez ADAT avec vos données de sécurité en base64, et recommencez chaque fois que le serveur répond 335, jusqu'à ce qu'il réponde 235. Si vous recevez 334 en réponse à AUTH TLS, le serveur demande des données que TLS n'utilise pas ; certains clients, comme Apache Commons Net, le traitent comme un 234 et lancent TLS.",
            },
        },
    },
    Teaching {
        code: 335,
        rfc: 2228,
        texts: Translated {
            en: Texts {
                title: "Security data accepted, more needed",
                description: "The server accepted the security data just sent but needs more to complete the exchange; the reply may carry the server's next base64 data after \"ADAT=\".",
                when: "After ADAT, in the middle of a security exchange of several rounds (GSSAPI, for instance), between the 334 to AUTH and the final 235.",
                resolve: "Give the ADAT= data to your security mechanism and send its output in the next ADAT; repeat until 235. If the server rejects the data (a failed checksum, for instance), it answers 535 instead and the exchange has failed.",
            },
            fr: Texts {
                title: "Données de sécurité acceptées, suite requise",
                description: "Le serveur a accepté les données de sécurité qui viennent d'être envoyées mais en attend d'autres pour terminer l'échange ; la réponse peut porter, après « ADAT= », les données suivantes du serveur en base64.",
                when: "Après ADAT, au milieu d'un échange de sécurité en plusieurs étapes (GSSAPI, par exemple), entre le 334 répondant à AUTH et le 235 final.",
                resolve: "Donnez la donnée ADAT= à votre mécanisme de sécurité et envoyez ce qu'il produit dans l'ADAT suivant ; recommencez jusqu'au 235. Si le serveur rejette les données (une somme de contrôle fausse, par exemple), il répond 535 à la place et l'échange a échoué.",
            },
        },
    },
    Teaching {
        code: 336,
        rfc: 2228,
        texts: Translated {
            en: Texts {
                title: "Need password for challenge",
                description: "The server accepted the user name and needs a password computed from the challenge given in the reply, as with one-time passwords or challenge-response tokens; the security mechanism decides how the challenge is shown.",
                when: "After USER on a server using RFC 2228 security with a challenge-response mechanism, usually after the AUTH and ADAT exchange.",
                resolve: "Show the challenge to the user, compute the answer (with the token or one-time-password tool) and send it with PASS. A client that asks for the password before it has read this reply leaves the user without the challenge.",
            },
            fr: Texts {
                title: "Mot de passe requis pour un défi",
                description: "Le serveur a accepté le nom d'utilisateur et attend un mot de passe calculé à partir du défi donné dans la réponse, comme avec les mots de passe à usage unique ou les jetons défi-réponse ; le mécanisme de sécurité décide de la présentation du défi.",
                when: "Après USER, sur un serveur qui applique la sécurité de la RFC 2228 avec un mécanisme défi-réponse, en général après l'échange AUTH et ADAT.",
                resolve: "Montrez le défi à l'utilisateur, calculez la réponse (avec le jeton ou l'outil de mots de passe à usage unique) et envoyez-la avec PASS. Un client qui demande le mot de passe avant d'avoir lu cette réponse prive l'utilisateur du défi.",
            },
        },
    },
    Teaching {
        code: 350,
        rfc: 959,
        texts: Translated {
            en: Texts {
                title: "Pending further information",
                description: "The command was accepted, but the action waits for a follow-up command that completes it. An intermediate reply.",
                when: "After RNFR (the file to rename exists; RNTO with the new name must follow) and after REST (the restart point is recorded; the transfer command that resumes from it must follow, usually RETR or STOR).",
                resolve: "Send the completing command next and nothing else: RNTO after RNFR, the transfer after REST. Anything in between may drop the pending state, so that RNTO fails with 503 (bad sequence) or the transfer starts again from zero; after a resumed transfer, check the final size.",
            },
            fr: Texts {
                title: "Action en attente d'informations",
                description: "La commande a été acceptée, mais l'action attend une commande complémentaire pour s'achever. C'est une réponse intermédiaire.",
                when: "Après RNFR (le fichier à renommer existe ; RNTO avec le nouveau nom doit suivre) et après REST (le point de reprise est enregistré ; la commande de transfert qui reprend à ce point doit suivre, en général RETR ou STOR).",
                resolve: "Envoyez aussitôt la commande qui complète l'action, et rien d'autre : RNTO après RNFR, le transfert après REST. Toute commande intercalée peut annuler l'attente, si bien que RNTO échoue en 503 (mauvaise séquence) ou que le transfert repart de zéro ; après une reprise, vérifiez la taille finale.",
            },
        },
    },
];
