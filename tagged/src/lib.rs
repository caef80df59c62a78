//! Internally tagged enums (`{"type": "variant", …fields}`) read without
//! buffering when the tag comes first, as it always does in what Brink writes.
//!
//! serde's derive reads an internally tagged enum by copying the whole object
//! into a private buffer until it has found the tag, and then reading the
//! variant again from the buffer: a second walk and an allocation per string.
//! For the log's events that doubled the cost of a replay. An enum here is
//! derived externally tagged under `#[serde(remote = "Self")]` (which makes
//! the derived code inherent functions instead of trait impls) and
//! [`tag_first!`] writes its `Serialize` and `Deserialize`: writing puts the
//! tag first, as serde's internal tagging does; reading takes the variant from
//! the first key and reads the rest of the object straight into it. An object
//! whose tag is not first (written by hand) is read the slow way, through a
//! buffer, to the same result.

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde::ser::{self, Impossible, SerializeStruct};
use serde::{Deserializer, Serializer};
use std::fmt;

/// Writes `Serialize` and `Deserialize` for an enum derived externally tagged
/// under `#[serde(remote = "Self")]`, so that it reads and writes as
/// internally tagged by `$tag`.
#[macro_export]
macro_rules! tag_first {
    ($ty:ty, $tag:literal) => {
        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                <$ty>::serialize(self, $crate::TagInline::new($tag, serializer))
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Self, D::Error> {
                $crate::deserialize($tag, deserializer)
            }
        }
        impl<'de> $crate::External<'de> for $ty {
            fn external<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <$ty>::deserialize(deserializer)
            }
        }
    };
}

/// The derived, externally tagged reading of an enum (see [`tag_first!`]).
pub trait External<'de>: Sized {
    /// Reads `{"variant": {…fields}}`, or whatever `deserializer` presents as
    /// an enum.
    fn external<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

/// Reads an object tagged by `tag` into `T`.
pub fn deserialize<'de, T: External<'de>, D: Deserializer<'de>>(
    tag: &'static str,
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_map(Tagged {
        tag,
        out: std::marker::PhantomData,
    })
}

struct Tagged<T> {
    tag: &'static str,
    out: std::marker::PhantomData<T>,
}

impl<'de, T: External<'de>> Visitor<'de> for Tagged<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "an object with a `{}` field", self.tag)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        match map.next_key_seed(FirstKey(self.tag))? {
            None => Err(de::Error::missing_field(self.tag)),
            Some(None) => T::external(TagFirst { map }),
            Some(Some(key)) => buffered(self.tag, key, map),
        }
    }
}

/// The slow way, for an object whose tag is not its first key: the entries
/// are read into a buffer, the tag found and put first, and the buffer read.
fn buffered<'de, T: External<'de>, A: MapAccess<'de>>(
    tag: &'static str,
    first: String,
    mut map: A,
) -> Result<T, A::Error> {
    let mut entries = vec![(first, map.next_value::<serde_json::Value>()?)];
    while let Some(entry) = map.next_entry::<String, serde_json::Value>()? {
        entries.push(entry);
    }
    let at = entries
        .iter()
        .position(|(key, _)| key == tag)
        .ok_or_else(|| de::Error::missing_field(tag))?;
    let tagged = entries.remove(at);
    entries.insert(0, tagged);
    let mut rest = de::value::MapDeserializer::<_, serde_json::Error>::new(
        entries
            .into_iter()
            .map(|(key, value)| (serde_json::Value::String(key), value)),
    );
    let read = rest
        .next_key::<IgnoredAny>()
        .and_then(|_| T::external(TagFirst { map: rest }));
    read.map_err(de::Error::custom)
}

/// Reads a key: `None` if it is the tag, else the key.
struct FirstKey(&'static str);

impl<'de> DeserializeSeed<'de> for FirstKey {
    type Value = Option<String>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for FirstKey {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
        Ok((key != self.0).then(|| key.to_owned()))
    }
}

/// An object whose tag is the next value: an enum to the derived reader, the
/// tag its variant and the rest of the object its fields.
struct TagFirst<A> {
    map: A,
}

impl<'de, A: MapAccess<'de>> Deserializer<'de> for TagFirst<A> {
    type Error = A::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, A::Error> {
        visitor.visit_enum(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

impl<'de, A: MapAccess<'de>> de::EnumAccess<'de> for TagFirst<A> {
    type Error = A::Error;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(
        mut self,
        seed: V,
    ) -> Result<(V::Value, Self), A::Error> {
        let variant = self.map.next_value_seed(seed)?;
        Ok((variant, self))
    }
}

impl<'de, A: MapAccess<'de>> de::VariantAccess<'de> for TagFirst<A> {
    type Error = A::Error;

    /// Like serde's internal tagging, a unit variant ignores other fields.
    fn unit_variant(mut self) -> Result<(), A::Error> {
        while self.map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(())
    }

    /// Writing refuses newtype variants (see [`TagInline`]); so does reading.
    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, _seed: T) -> Result<T::Value, A::Error> {
        Err(de::Error::custom(
            "a tagged object cannot hold a newtype variant",
        ))
    }

    fn tuple_variant<V: Visitor<'de>>(
        self,
        _len: usize,
        _visitor: V,
    ) -> Result<V::Value, A::Error> {
        Err(de::Error::custom(
            "a tagged object cannot hold a tuple variant",
        ))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        visitor.visit_map(self.map)
    }
}

/// A serializer that writes the derived, externally tagged writing of an
/// enum's variant as an object with the tag first.
#[derive(Debug)]
pub struct TagInline<S> {
    tag: &'static str,
    inner: S,
}

impl<S> TagInline<S> {
    /// Writes through `inner`, tagging by `tag`.
    pub fn new(tag: &'static str, inner: S) -> Self {
        TagInline { tag, inner }
    }
}

fn not_a_variant<E: ser::Error>() -> E {
    E::custom("only an enum's unit and struct variants can be written tagged")
}

macro_rules! refuse {
    ($($method:ident($($arg:ty),*);)*) => {
        $(fn $method(self, $(_: $arg),*) -> Result<S::Ok, S::Error> {
            Err(not_a_variant())
        })*
    };
}

impl<S: Serializer> Serializer for TagInline<S> {
    type Ok = S::Ok;
    type Error = S::Error;
    type SerializeSeq = Impossible<S::Ok, S::Error>;
    type SerializeTuple = Impossible<S::Ok, S::Error>;
    type SerializeTupleStruct = Impossible<S::Ok, S::Error>;
    type SerializeTupleVariant = Impossible<S::Ok, S::Error>;
    type SerializeMap = Impossible<S::Ok, S::Error>;
    type SerializeStruct = Impossible<S::Ok, S::Error>;
    type SerializeStructVariant = Fields<S::SerializeStruct>;

    fn serialize_unit_variant(
        self,
        name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<S::Ok, S::Error> {
        let mut object = self.inner.serialize_struct(name, 1)?;
        object.serialize_field(self.tag, variant)?;
        object.end()
    }

    fn serialize_struct_variant(
        self,
        name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStructVariant, S::Error> {
        let mut object = self.inner.serialize_struct(name, len + 1)?;
        object.serialize_field(self.tag, variant)?;
        Ok(Fields(object))
    }

    refuse! {
        serialize_bool(bool);
        serialize_i8(i8);
        serialize_i16(i16);
        serialize_i32(i32);
        serialize_i64(i64);
        serialize_u8(u8);
        serialize_u16(u16);
        serialize_u32(u32);
        serialize_u64(u64);
        serialize_f32(f32);
        serialize_f64(f64);
        serialize_char(char);
        serialize_str(&str);
        serialize_bytes(&[u8]);
        serialize_none();
        serialize_unit();
        serialize_unit_struct(&'static str);
    }

    fn serialize_some<T: ?Sized + serde::Serialize>(self, _: &T) -> Result<S::Ok, S::Error> {
        Err(not_a_variant())
    }

    fn serialize_newtype_struct<T: ?Sized + serde::Serialize>(
        self,
        _: &'static str,
        _: &T,
    ) -> Result<S::Ok, S::Error> {
        Err(not_a_variant())
    }

    fn serialize_newtype_variant<T: ?Sized + serde::Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<S::Ok, S::Error> {
        Err(not_a_variant())
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, S::Error> {
        Err(not_a_variant())
    }

    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, S::Error> {
        Err(not_a_variant())
    }

    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, S::Error> {
        Err(not_a_variant())
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, S::Error> {
        Err(not_a_variant())
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, S::Error> {
        Err(not_a_variant())
    }

    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, S::Error> {
        Err(not_a_variant())
    }
}

/// A struct variant's fields, written after the tag.
#[derive(Debug)]
pub struct Fields<W>(W);

impl<W: SerializeStruct> ser::SerializeStructVariant for Fields<W> {
    type Ok = W::Ok;
    type Error = W::Error;

    fn serialize_field<T: ?Sized + serde::Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), W::Error> {
        self.0.serialize_field(key, value)
    }

    fn skip_field(&mut self, key: &'static str) -> Result<(), W::Error> {
        self.0.skip_field(key)
    }

    fn end(self) -> Result<W::Ok, W::Error> {
        self.0.end()
    }
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};

    /// Read and written by this module.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(remote = "Self", rename_all = "snake_case", deny_unknown_fields)]
    enum Fast {
        Unit,
        Empty {},
        Fields {
            text: String,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            side: Option<String>,
            inner: Inner,
        },
    }
    crate::tag_first!(Fast, "type");

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(remote = "Self", rename_all = "snake_case")]
    enum Inner {
        A { n: u64 },
        B,
    }
    crate::tag_first!(Inner, "kind");

    /// The same shape, read and written by serde's own internal tagging.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
    enum Serde {
        Unit,
        Empty {},
        Fields {
            text: String,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            side: Option<String>,
            inner: SerdeInner,
        },
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(tag = "kind", rename_all = "snake_case")]
    enum SerdeInner {
        A { n: u64 },
        B,
    }

    fn pairs() -> Vec<(Fast, Serde)> {
        vec![
            (Fast::Unit, Serde::Unit),
            (Fast::Empty {}, Serde::Empty {}),
            (
                Fast::Fields {
                    text: "a \"quoted\" line".into(),
                    side: None,
                    inner: Inner::A { n: u64::MAX },
                },
                Serde::Fields {
                    text: "a \"quoted\" line".into(),
                    side: None,
                    inner: SerdeInner::A { n: u64::MAX },
                },
            ),
            (
                Fast::Fields {
                    text: String::new(),
                    side: Some("us".into()),
                    inner: Inner::B,
                },
                Serde::Fields {
                    text: String::new(),
                    side: Some("us".into()),
                    inner: SerdeInner::B,
                },
            ),
        ]
    }

    #[test]
    fn writes_what_serde_writes_and_reads_it_back() {
        for (fast, serde) in pairs() {
            let json = serde_json::to_string(&fast).expect("written");
            assert_eq!(
                json,
                serde_json::to_string(&serde).expect("written by serde")
            );
            assert_eq!(serde_json::from_str::<Fast>(&json).expect("read"), fast);
            let value = serde_json::to_value(&fast).expect("written as a value");
            assert_eq!(
                serde_json::from_value::<Fast>(value).expect("read from a value"),
                fast
            );
        }
    }

    #[test]
    fn reads_a_tag_that_is_not_first() {
        let json = r#"{"inner": {"n": 3, "kind": "a"}, "text": "t", "type": "fields"}"#;
        let expected = Fast::Fields {
            text: "t".into(),
            side: None,
            inner: Inner::A { n: 3 },
        };
        assert_eq!(
            serde_json::from_str::<Fast>(json).expect("read with its tag last"),
            expected
        );
        assert_eq!(
            serde_json::from_str::<Fast>(r#"{"type": "unit", "x": 1}"#)
                .expect("a unit variant read, its tag first"),
            Fast::Unit
        );
        assert_eq!(
            serde_json::from_str::<Fast>(r#"{"x": 1, "type": "unit"}"#)
                .expect("a unit variant read"),
            Fast::Unit
        );
    }

    #[test]
    fn refuses_what_serde_refuses() {
        let bad = [
            r#"{}"#,
            r#"{"text": "t"}"#,
            r#"{"type": "nothing"}"#,
            r#"{"type": "fields", "text": "t"}"#,
            r#"{"type": "empty", "extra": 1}"#,
            r#"{"extra": 1, "type": "empty"}"#,
            r#"{"type": 3}"#,
            r#""unit""#,
        ];
        for json in bad {
            let ours = serde_json::from_str::<Fast>(json);
            assert!(ours.is_err(), "{json} was read: {ours:?}");
            assert!(serde_json::from_str::<Serde>(json).is_err(), "{json}");
        }
        let missing = serde_json::from_str::<Fast>(r#"{"text": "t"}"#).expect_err("refused");
        assert!(
            missing.to_string().contains("missing field `type`"),
            "{missing}"
        );
        let unknown = serde_json::from_str::<Fast>(r#"{"type": "nothing"}"#).expect_err("refused");
        assert!(
            unknown.to_string().contains("unknown variant `nothing`"),
            "{unknown}"
        );
    }
}
