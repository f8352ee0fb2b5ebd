//! Teaching texts for 4yz and 5yz replies and the 6yz protected replies.

use super::Teaching;
use crate::explain::Texts;

pub(crate) static TEACHING: &[Teaching] = &[Teaching {
    code: 421,
    rfc: 959,
    en: Texts {
        title: "Service not available",
        description: "The server will not serve this connection now and closes the control connection. Nothing is wrong with the request itself: the refusal is temporary.",
        when: "In place of the greeting when a connection limit is reached (too many users, or too many from your address); after a session stayed idle too long; when the server is shutting down.",
        resolve: "Reconnect later, with a growing delay between attempts. If it keeps happening, close the other sessions you hold open (per-address limits count them) or ask the operator about the limits; a client should treat 421 as a reason to reconnect, not as a failed login.",
    },
    fr: Texts {
        title: "Service non disponible",
        description: "Le serveur ne traitera pas cette connexion pour l'instant et ferme la connexion de contrôle. La demande elle-même n'est pas en cause : le refus est temporaire.",
        when: "À la place du message d'accueil quand une limite de connexions est atteinte (trop d'utilisateurs, ou trop depuis votre adresse) ; après une session restée inactive trop longtemps ; quand le serveur s'arrête.",
        resolve: "Reconnectez-vous plus tard, en espaçant de plus en plus les tentatives. Si cela se répète, fermez les autres sessions que vous gardez ouvertes (les limites par adresse les comptent) ou interrogez l'administrateur sur ses limites ; un client doit voir dans un 421 une raison de se reconnecter, pas un échec d'authentification.",
    },
}];
