//! Secrets: join codes, resume tokens and seeds from the operating system's
//! random source, and the hashes the store keeps of resume tokens.

use anyhow::{Context, Result};
use sha2::{Digest, Sha256};

/// 32 characters with no look-alikes (no `l`, `o`, `0`, `1`): 5 bits each.
const ALPHABET: &[u8; 32] = b"abcdefghijkmnpqrstuvwxyz23456789";

/// `n` random bytes from the operating system.
fn random<const N: usize>() -> Result<[u8; N]> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes)
        .map_err(|e| anyhow::anyhow!("{e}"))
        .context("the operating system's random source failed")?;
    Ok(bytes)
}

/// Encodes bytes in the 32-character alphabet, 5 bits a character.
fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 8 / 5 + 1);
    let (mut acc, mut bits) = (0u32, 0u32);
    for &b in bytes {
        acc = (acc << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(ALPHABET[((acc >> bits) & 31) as usize]));
        }
    }
    if bits > 0 {
        out.push(char::from(ALPHABET[((acc << (5 - bits)) & 31) as usize]));
    }
    out
}

/// How many random bytes a join code carries (136 bits, in 28 letters).
pub const JOIN_CODE_BYTES: usize = 17;

/// A join code for `role`: the role as a prefix, for the people handing codes
/// out, then [`JOIN_CODE_BYTES`] random bytes.
pub fn join_code(role: &str) -> Result<String> {
    Ok(format!("{role}-{}", encode(&random::<JOIN_CODE_BYTES>()?)))
}

/// A resume token: 256 random bits.
pub fn resume_token() -> Result<String> {
    Ok(encode(&random::<32>()?))
}

/// An admin token: 256 random bits.
pub fn admin_token() -> Result<String> {
    resume_token()
}

/// A session's random seed.
pub fn seed() -> Result<u64> {
    Ok(u64::from_le_bytes(random::<8>()?))
}

/// The hash under which a resume token is stored: the store never holds a
/// token itself, so a copy of the database does not let anyone in.
pub fn token_hash(token: &str) -> String {
    sha256_hex(token)
}

/// The SHA-256 of a text.
pub fn sha256(text: &str) -> [u8; 32] {
    Sha256::digest(text.as_bytes()).into()
}

/// The SHA-256 of a text, in lowercase hex.
pub fn sha256_hex(text: &str) -> String {
    hex(&sha256(text))
}

/// Bytes in lowercase hex. (Every command's digest went through here as a
/// `format!` a byte, which was 2–3 % of the server's CPU.)
pub fn hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut hex = String::with_capacity(2 * bytes.len());
    for &byte in bytes {
        hex.push(char::from(HEX[usize::from(byte >> 4)]));
        hex.push(char::from(HEX[usize::from(byte & 0x0f)]));
    }
    hex
}

/// Compares two secrets in time that does not depend on where they differ.
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |diff, (x, y)| diff | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_carry_at_least_128_random_bits_and_differ() -> Result<()> {
        let a = join_code("us")?;
        let b = join_code("us")?;
        assert_ne!(a, b);
        let body = a.strip_prefix("us-").expect("prefix");
        assert!(body.len() * 5 >= 128, "{a}");
        assert!(body.bytes().all(|c| ALPHABET.contains(&c)));
        // 136 bits, as docs/protocol.md says: 27 letters of 5 bits and one of 1.
        assert_eq!(body.len(), (JOIN_CODE_BYTES * 8).div_ceil(5));
        let doc = include_str!("../../docs/protocol.md");
        let said = format!("{} random bits", JOIN_CODE_BYTES * 8);
        assert!(doc.contains(&said), "docs/protocol.md should say {said:?}");
        Ok(())
    }

    #[test]
    fn encoding_uses_every_bit() {
        assert_eq!(encode(&[0]), "aa");
        assert_eq!(encode(&[0xff]), "96");
        assert_eq!(encode(&[0xff; 5]), "99999999");
    }

    #[test]
    fn sha256_hex_is_the_standard_digest_in_lowercase_hex() {
        // FIPS 180-2's first test vector; the empty string's digest.
        assert_eq!(
            sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            sha256_hex(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn same_compares_whole_strings() {
        assert!(same("abc", "abc"));
        assert!(!same("abc", "abd"));
        assert!(!same("abc", "abcd"));
    }
}
