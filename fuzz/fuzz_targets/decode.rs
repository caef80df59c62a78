//! Fuzzes `brink_protocol::decode`, the decoder every client message goes
//! through: whatever the bytes, it must return a message or a rejection,
//! deterministically, and never panic. The server only ever decodes valid
//! UTF-8 (tungstenite refuses a text frame that is not), so bytes that are
//! not are read lossily, as a second input.

#![no_main]

use brink_protocol::{ServerMsg, codes, decode};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let lossy = String::from_utf8_lossy(data);
    let texts = std::str::from_utf8(data)
        .into_iter()
        .chain(std::iter::once(lossy.as_ref()));
    for text in texts {
        let answer = decode(text);
        assert_eq!(answer, decode(text), "decoding is not deterministic");
        if let Err(rejection) = answer {
            match *rejection {
                ServerMsg::Rejected { code, message, .. } => {
                    assert!(codes::ALL.contains(&code.as_str()), "unknown code {code}");
                    assert!(!message.is_empty(), "a rejection without a message");
                }
                other => panic!("decode answered {other:?}"),
            }
        }
    }
});
