//! Teaching texts for 1yz, 2yz and 3yz replies.

use super::Teaching;
use crate::explain::Texts;

pub(crate) static TEACHING: &[Teaching] = &[Teaching {
    code: 220,
    rfc: 959,
    en: Texts {
        title: "Service ready",
        description: "The server accepted the connection and is ready for a user to log in. It is the greeting, the first reply of every FTP session.",
        when: "Right after the TCP connection opens, before the client sends anything; also as the second reply after a 120, once a busy server becomes ready.",
        resolve: "Nothing to fix: go on with USER and PASS (or AUTH TLS first). If your client stalls here, check that it reads a multiline greeting to its closing 220 line.",
    },
    fr: Texts {
        title: "Service prêt",
        description: "Le serveur a accepté la connexion et attend qu'un utilisateur s'identifie. C'est le message d'accueil, la toute première réponse d'une session FTP.",
        when: "Dès l'ouverture de la connexion TCP, avant que le client n'envoie quoi que ce soit ; ou en seconde réponse après un 120, quand un serveur occupé devient disponible.",
        resolve: "Rien à corriger : poursuivez avec USER et PASS (ou d'abord AUTH TLS). Si votre client se fige ici, vérifiez qu'il lit un accueil sur plusieurs lignes jusqu'à la ligne finale en 220.",
    },
}];
