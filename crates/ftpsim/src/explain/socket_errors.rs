//! Windows socket errors, the five-digit numbers (10060, 10054, …) that
//! FTP programs on Windows show where a reply code would be expected.
//!
//! They are not FTP replies: Winsock, the Windows network layer, reports
//! them when a TCP connection cannot be made or breaks, before or instead
//! of any reply. People paste them next to their 421s, so the reference
//! explains them too, and says how each relates to a 421.

use alloc::string::String;

use super::render;
use super::{Lang, Texts, Translated};

/// One Winsock error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SocketError {
    /// The number Windows shows, e.g. 10060.
    pub number: u32,
    /// The Winsock constant, e.g. `WSAETIMEDOUT`.
    pub name: &'static str,
    /// The POSIX error of the same meaning, as Linux and macOS name it
    /// (`ETIMEDOUT`), or `None` where there is none.
    pub posix: Option<&'static str>,
    pub texts: Translated<Texts>,
}

/// The explanation of a Winsock error in one language.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct SocketErrorExplanation {
    pub number: u32,
    pub name: &'static str,
    pub posix: Option<&'static str>,
    pub lang: Lang,
    pub title: &'static str,
    pub description: &'static str,
    pub when: &'static str,
    pub resolve: &'static str,
}

impl SocketError {
    pub fn explain(&self, lang: Lang) -> SocketErrorExplanation {
        let t = self.texts.get(lang);
        SocketErrorExplanation {
            number: self.number,
            name: self.name,
            posix: self.posix,
            lang,
            title: t.title,
            description: t.description,
            when: t.when,
            resolve: t.resolve,
        }
    }
}

impl SocketErrorExplanation {
    /// Plain text for a terminal.
    pub fn to_text(&self) -> String {
        render::socket_error_text(self)
    }

    /// A Markdown page.
    pub fn to_markdown(&self) -> String {
        render::socket_error_markdown(self)
    }
}

/// The Winsock error numbered `number`, if it is one of those FTP users
/// meet.
pub fn socket_error(number: u32) -> Option<&'static SocketError> {
    SOCKET_ERRORS.iter().find(|e| e.number == number)
}

/// Every Winsock error explained here, by number.
pub static SOCKET_ERRORS: &[SocketError] = &[
    SocketError {
        number: 10013,
        name: "WSAEACCES",
        posix: Some("EACCES"),
        texts: Translated {
            en: Texts {
                title: "Permission denied",
                description: "Windows would not let the program use the socket as asked. No FTP server was involved: the connection never left the computer.",
                when: "When a local firewall or an antivirus blocks the FTP program, or when a server program tries to listen on a port it may not use.",
                resolve: "Allow the program in the firewall or antivirus, or pick another port. It has nothing to do with a 421: the server never saw you.",
            },
            fr: Texts {
                title: "Permission refusée",
                description: "Windows n'a pas laissé le programme utiliser la socket comme il le demandait. Aucun serveur FTP n'est en cause : la connexion n'a jamais quitté l'ordinateur.",
                when: "Quand un pare-feu local ou un antivirus bloque le programme FTP, ou quand un programme serveur tente d'écouter sur un port qui lui est interdit.",
                resolve: "Autorisez le programme dans le pare-feu ou l'antivirus, ou choisissez un autre port. Rien à voir avec un 421 : le serveur ne vous a jamais vu.",
            },
        },
    },
    SocketError {
        number: 10053,
        name: "WSAECONNABORTED",
        posix: Some("ECONNABORTED"),
        texts: Translated {
            en: Texts {
                title: "Software caused connection abort",
                description: "Windows itself ended an established connection: something on your side gave up on it.",
                when: "When the network drops for long enough that Windows times the connection out, or when a firewall, antivirus or VPN on your computer cuts it, often in the middle of a transfer.",
                resolve: "Check the local firewall, antivirus and VPN, and the stability of the link, then reconnect. If it follows a long idle time, the server may have ended the session too (a 421 for idleness that never reached you).",
            },
            fr: Texts {
                title: "Connexion interrompue par le logiciel",
                description: "Windows a lui-même mis fin à une connexion établie : quelque chose de votre côté y a renoncé.",
                when: "Quand le réseau tombe assez longtemps pour que Windows abandonne la connexion, ou quand un pare-feu, un antivirus ou un VPN de votre ordinateur la coupe, souvent en plein transfert.",
                resolve: "Vérifiez le pare-feu local, l'antivirus, le VPN et la stabilité du lien, puis reconnectez-vous. Si cela suit une longue inactivité, le serveur a peut-être aussi clos la session (un 421 d'inactivité qui ne vous est jamais parvenu).",
            },
        },
    },
    SocketError {
        number: 10054,
        name: "WSAECONNRESET",
        posix: Some("ECONNRESET"),
        texts: Translated {
            en: Texts {
                title: "Connection reset by peer",
                description: "The other end, or something in between, reset the connection with a TCP RST instead of closing it in order. Whatever the server said last may be lost with it.",
                when: "Often right after connecting to a full server: it sent a 421 and closed, but the client had already sent a command the server never read, and a close with unread input becomes a reset that wipes out the 421's text (measured: about 190 times in 200). Also when a firewall or NAT drops an idle connection, or when the server process crashes.",
                resolve: "Treat it like a 421 at connect time: wait, close other sessions to the same server, and reconnect with a growing delay. To see the server's real words, let the client read the greeting before it sends anything. In the middle of a session, look for an idle timeout in a NAT or firewall.",
            },
            fr: Texts {
                title: "Connexion réinitialisée par le correspondant",
                description: "L'autre extrémité, ou un équipement intermédiaire, a réinitialisé la connexion par un RST TCP au lieu de la fermer proprement. Les derniers mots du serveur peuvent être perdus avec elle.",
                when: "Souvent juste après la connexion à un serveur plein : il a envoyé un 421 et fermé, mais le client avait déjà envoyé une commande que le serveur n'a jamais lue, et une fermeture avec des données non lues devient une réinitialisation qui efface le texte du 421 (mesuré : environ 190 fois sur 200). Aussi quand un pare-feu ou un NAT abandonne une connexion inactive, ou quand le processus serveur plante.",
                resolve: "Traitez-la comme un 421 à la connexion : attendez, fermez les autres sessions vers le même serveur et reconnectez-vous avec un délai croissant. Pour voir les vrais mots du serveur, laissez le client lire l'accueil avant d'envoyer quoi que ce soit. En cours de session, cherchez un délai d'inactivité dans un NAT ou un pare-feu.",
            },
        },
    },
    SocketError {
        number: 10060,
        name: "WSAETIMEDOUT",
        posix: Some("ETIMEDOUT"),
        texts: Translated {
            en: Texts {
                title: "Connection timed out",
                description: "The connection attempt got no answer at all within the time Windows waits: no accept, no refusal. The FTP server, if it is there, never spoke.",
                when: "When a firewall silently drops the packets (on your side, the server's, or in between), when the address or port is wrong, when the server machine is down, or, for a data connection, when a passive port is blocked. FileZilla, WinSCP and programs built on Winsock show it as 10060 or as \"ETIMEDOUT\".",
                resolve: "Check the host name, the port (21, or 990 for implicit FTPS) and the firewalls; for a listing or a transfer that times out after a successful login, try passive mode or open the server's passive port range. It is not a 421: a full server answers at once; this one never answered.",
            },
            fr: Texts {
                title: "Délai de connexion dépassé",
                description: "La tentative de connexion n'a reçu aucune réponse dans le délai qu'attend Windows : ni acceptation, ni refus. Le serveur FTP, s'il existe, n'a jamais parlé.",
                when: "Quand un pare-feu jette les paquets sans rien dire (de votre côté, de celui du serveur ou entre les deux), quand l'adresse ou le port est faux, quand la machine du serveur est arrêtée, ou, pour une connexion de données, quand un port passif est bloqué. FileZilla, WinSCP et les programmes bâtis sur Winsock l'affichent sous la forme 10060 ou « ETIMEDOUT ».",
                resolve: "Vérifiez le nom d'hôte, le port (21, ou 990 pour le FTPS implicite) et les pare-feu ; pour un listage ou un transfert qui expire après une authentification réussie, essayez le mode passif ou ouvrez la plage de ports passifs du serveur. Ce n'est pas un 421 : un serveur plein répond tout de suite ; celui-ci n'a jamais répondu.",
            },
        },
    },
    SocketError {
        number: 10061,
        name: "WSAECONNREFUSED",
        posix: Some("ECONNREFUSED"),
        texts: Translated {
            en: Texts {
                title: "Connection refused",
                description: "The server's machine answered the connection attempt with a refusal: nothing listens on that port, or a firewall rejects it actively.",
                when: "When the FTP server is not running or listens on another port, when you connect to 21 a server that only offers implicit FTPS on 990 (or the reverse), or when a firewall is set to reject rather than drop.",
                resolve: "Check that the server runs and on which port, and the firewall rules. It is not a connection limit: a server at its limit accepts the connection and then sends 421 (or 530, or closes); a refused connection never reached the FTP server.",
            },
            fr: Texts {
                title: "Connexion refusée",
                description: "La machine du serveur a répondu à la tentative de connexion par un refus : rien n'écoute sur ce port, ou un pare-feu le rejette activement.",
                when: "Quand le serveur FTP ne tourne pas ou écoute sur un autre port, quand vous vous connectez au port 21 d'un serveur qui n'offre que le FTPS implicite sur le 990 (ou l'inverse), ou quand un pare-feu est réglé pour rejeter plutôt que jeter.",
                resolve: "Vérifiez que le serveur tourne, et sur quel port, ainsi que les règles du pare-feu. Ce n'est pas une limite de connexions : un serveur à sa limite accepte la connexion puis envoie 421 (ou 530, ou ferme) ; une connexion refusée n'a jamais atteint le serveur FTP.",
            },
        },
    },
    SocketError {
        number: 10065,
        name: "WSAEHOSTUNREACH",
        posix: Some("EHOSTUNREACH"),
        texts: Translated {
            en: Texts {
                title: "No route to host",
                description: "The network could not find a way to the server's address.",
                when: "When the address is wrong or private (a 10.x or 192.168.x address seen from outside), when a VPN or a router is down, or when a server behind NAT announces its private address in a passive reply (227) and the client tries to reach it.",
                resolve: "Check the address and your network route; for data connections, make the server announce its public address (vsftpd pasv_address, ProFTPD MasqueradeAddress, Pure-FTPd -P). No FTP reply was exchanged: nothing here relates to a 421.",
            },
            fr: Texts {
                title: "Aucune route vers l'hôte",
                description: "Le réseau n'a trouvé aucun chemin vers l'adresse du serveur.",
                when: "Quand l'adresse est fausse ou privée (une adresse 10.x ou 192.168.x vue de l'extérieur), quand un VPN ou un routeur est en panne, ou quand un serveur derrière un NAT annonce son adresse privée dans une réponse passive (227) et que le client tente de la joindre.",
                resolve: "Vérifiez l'adresse et la route réseau ; pour les connexions de données, faites annoncer au serveur son adresse publique (pasv_address pour vsftpd, MasqueradeAddress pour ProFTPD, -P pour Pure-FTPd). Aucune réponse FTP n'a été échangée : rien ici ne concerne un 421.",
            },
        },
    },
    SocketError {
        number: 10068,
        name: "WSAEUSERS",
        posix: Some("EUSERS"),
        texts: Translated {
            en: Texts {
                title: "Too many users",
                description: "A Winsock error that Windows itself almost never returns. Despite its name it says nothing about the FTP server's users.",
                when: "Mostly in the messages of programs that map any failure to a Winsock number, and in searches by people who read it as the server's \"too many users\". An FTP server that is full says so with a reply: 421 (vsftpd, Pure-FTPd, pyftpdlib) or 530 (ProFTPD).",
                resolve: "Look for the FTP reply in the program's log: a 421 or 530 there is the server's limit, and the guide \"421 Too many connections (8) from this IP\" applies; without one, treat it as a local network error and check the firewall and antivirus.",
            },
            fr: Texts {
                title: "Trop d'utilisateurs",
                description: "Une erreur Winsock que Windows lui-même ne renvoie presque jamais. Malgré son nom, elle ne dit rien des utilisateurs du serveur FTP.",
                when: "Surtout dans les messages de programmes qui traduisent n'importe quel échec en numéro Winsock, et dans les recherches de personnes qui y lisent le « trop d'utilisateurs » du serveur. Un serveur FTP plein le dit par une réponse : 421 (vsftpd, Pure-FTPd, pyftpdlib) ou 530 (ProFTPD).",
                resolve: "Cherchez la réponse FTP dans le journal du programme : un 421 ou un 530 y est la limite du serveur, et le guide « 421 Too many connections (8) from this IP » s'applique ; sinon, traitez-la comme une erreur réseau locale et vérifiez le pare-feu et l'antivirus.",
            },
        },
    },
    SocketError {
        number: 11001,
        name: "WSAHOST_NOT_FOUND",
        posix: None,
        texts: Translated {
            en: Texts {
                title: "Host not found",
                description: "The server's name could not be resolved to an address: the DNS has no such name.",
                when: "When the host name is misspelled, when the DNS is unreachable, or when a name only resolves inside another network (an intranet or a VPN).",
                resolve: "Check the spelling and the DNS, or connect by address. The FTP server was never contacted.",
            },
            fr: Texts {
                title: "Hôte introuvable",
                description: "Le nom du serveur n'a pas pu être traduit en adresse : le DNS ne connaît pas ce nom.",
                when: "Quand le nom d'hôte est mal orthographié, quand le DNS est injoignable, ou quand un nom ne se résout qu'à l'intérieur d'un autre réseau (un intranet ou un VPN).",
                resolve: "Vérifiez l'orthographe et le DNS, ou connectez-vous par l'adresse. Le serveur FTP n'a jamais été contacté.",
            },
        },
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_socket_error_is_explained_in_every_language_once() {
        let mut numbers = alloc::vec::Vec::new();
        for e in SOCKET_ERRORS {
            assert!(!numbers.contains(&e.number), "{} twice", e.number);
            numbers.push(e.number);
            assert!(e.number >= 10000, "{}", e.number);
            assert!(e.name.starts_with("WSA"), "{}", e.name);
            assert_ne!(e.texts.en.description, e.texts.fr.description);
            for lang in Lang::ALL {
                let text = e.explain(lang).to_text();
                assert!(text.contains(&alloc::format!("{}", e.number)), "{text}");
                assert!(text.contains(e.name), "{text}");
            }
        }
        // These two never reached an FTP server: their advice must say
        // they are no connection limit, not send the reader after one.
        assert!(
            socket_error(10060)
                .unwrap()
                .texts
                .en
                .resolve
                .contains("It is not a 421")
        );
        assert!(
            socket_error(10061)
                .unwrap()
                .texts
                .en
                .resolve
                .contains("It is not a connection limit")
        );
    }

    #[test]
    fn finds_the_errors_ftp_users_meet() {
        assert_eq!(socket_error(10060).unwrap().name, "WSAETIMEDOUT");
        assert_eq!(socket_error(10054).unwrap().posix, Some("ECONNRESET"));
        assert!(socket_error(421).is_none());
        let fr = socket_error(10061).unwrap().explain(Lang::Fr).to_text();
        assert!(fr.contains("Connexion refusée"), "{fr}");
    }
}
