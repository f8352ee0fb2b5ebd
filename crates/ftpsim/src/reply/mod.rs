//! FTP replies: codes and their meaning, the registry of every code the RFCs
//! define, and the wire format.

mod code;
pub mod format;
mod message;
pub mod parser;
pub mod registry;

pub use code::{Category, Class, InvalidCode, ReplyCode};
pub use message::Reply;
pub use parser::{ParseError, ParsedReply, ReplyDecoder, ReplyRef};
pub use registry::CodeInfo;
