//! A syntactic view of a field's type: the std containers around it (`Option`, `Vec`, maps,
//! smart pointers) and what kind of value sits inside.
//!
//! The derive uses it for two things: to apply `example`/`regex`/`format`/`matcher` to the
//! innermost value and `min`/`max` to the sequence, and to report a misplaced key with a
//! message of its own when the type is one it knows. A type it does not recognize (an
//! alias, a type parameter, a user type) is left to rustc, through trait bounds spanned at
//! the attribute.

use syn::{GenericArgument, PathArguments, Type};

/// One layer around the innermost value, outside in.
#[derive(Clone)]
pub(crate) enum Wrapper {
    /// `Option<T>`: the value is present in the example.
    Optional,
    /// `Vec<T>`, `VecDeque<T>`, sets, `[T; N]`, `[T]`: an array.
    Sequence,
    /// `HashMap<K, V>`, `BTreeMap<K, V>`: an object with arbitrary keys of type `K`.
    Map { key: Box<Type> },
    /// `Box<T>`, `Rc<T>`, `Arc<T>`, `&T`, `Cow<T>`: serialized as `T`.
    Transparent,
}

/// What the innermost value is, as far as its type's name tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LeafClass {
    Str,
    Int,
    Float,
    Bool,
    /// chrono / time dates, times and datetimes.
    Date,
    Uuid,
    Ip,
    /// Anything else: a user type, an alias, a type parameter.
    Unknown,
}

impl LeafClass {
    /// True for the classes that serialize as a JSON string.
    pub(crate) fn is_string_like(self) -> bool {
        matches!(
            self,
            LeafClass::Str | LeafClass::Date | LeafClass::Uuid | LeafClass::Ip
        )
    }
}

/// A field type taken apart.
#[derive(Clone)]
pub(crate) struct Peeled {
    pub(crate) wrappers: Vec<Wrapper>,
    pub(crate) leaf: Type,
    pub(crate) class: LeafClass,
}

impl Peeled {
    /// True when one of the layers is an array.
    pub(crate) fn has_sequence(&self) -> bool {
        self.wrappers.iter().any(|w| matches!(w, Wrapper::Sequence))
    }

    /// True when the outermost non-transparent layer is a map.
    pub(crate) fn is_map(&self) -> bool {
        self.wrappers
            .iter()
            .find(|w| !matches!(w, Wrapper::Transparent | Wrapper::Optional))
            .is_some_and(|w| matches!(w, Wrapper::Map { .. }))
    }
}

/// Takes `ty` apart.
pub(crate) fn peel(ty: &Type) -> Peeled {
    let mut wrappers = Vec::new();
    let mut current = ty.clone();
    loop {
        let next = match &current {
            Type::Paren(inner) => Some((Wrapper::Transparent, (*inner.elem).clone())),
            Type::Group(inner) => Some((Wrapper::Transparent, (*inner.elem).clone())),
            Type::Reference(reference) => match &*reference.elem {
                Type::Slice(slice) => Some((Wrapper::Sequence, (*slice.elem).clone())),
                other => Some((Wrapper::Transparent, other.clone())),
            },
            Type::Array(array) => Some((Wrapper::Sequence, (*array.elem).clone())),
            Type::Slice(slice) => Some((Wrapper::Sequence, (*slice.elem).clone())),
            Type::Path(path) if path.qself.is_none() => container(&path.path),
            _ => None,
        };
        match next {
            Some((wrapper, inner)) => {
                wrappers.push(wrapper);
                current = inner;
            }
            None => break,
        }
    }
    let class = classify(&current);
    Peeled {
        wrappers,
        leaf: current,
        class,
    }
}

fn last_segment(path: &syn::Path) -> Option<(String, Vec<Type>)> {
    let segment = path.segments.last()?;
    let args = match &segment.arguments {
        PathArguments::AngleBracketed(args) => args
            .args
            .iter()
            .filter_map(|arg| match arg {
                GenericArgument::Type(ty) => Some(ty.clone()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    Some((segment.ident.to_string(), args))
}

fn container(path: &syn::Path) -> Option<(Wrapper, Type)> {
    let (name, mut args) = last_segment(path)?;
    let wrapper = match (name.as_str(), args.len()) {
        ("Option", 1) => Wrapper::Optional,
        ("Vec" | "VecDeque" | "LinkedList" | "HashSet" | "BTreeSet" | "BinaryHeap", 1) => {
            Wrapper::Sequence
        }
        // A custom hasher is a third argument of `HashSet`/`HashMap`.
        ("HashSet", 2) => Wrapper::Sequence,
        ("HashMap" | "BTreeMap", 2) | ("HashMap", 3) => {
            let value = args.swap_remove(1);
            return Some((
                Wrapper::Map {
                    key: Box::new(args.swap_remove(0)),
                },
                value,
            ));
        }
        ("Box" | "Rc" | "Arc" | "Cow", 1) => Wrapper::Transparent,
        _ => return None,
    };
    let inner = args.into_iter().next()?;
    // `Box<[T]>` is a sequence, not a boxed leaf.
    if let (Wrapper::Transparent, Type::Slice(slice)) = (&wrapper, &inner) {
        return Some((Wrapper::Sequence, (*slice.elem).clone()));
    }
    Some((wrapper, inner))
}

fn classify(ty: &Type) -> LeafClass {
    let Type::Path(path) = ty else {
        return LeafClass::Unknown;
    };
    if path.qself.is_some() {
        return LeafClass::Unknown;
    }
    let Some((name, _)) = last_segment(&path.path) else {
        return LeafClass::Unknown;
    };
    match name.as_str() {
        "String" | "str" => LeafClass::Str,
        "i8" | "i16" | "i32" | "i64" | "isize" | "u8" | "u16" | "u32" | "u64" | "usize" => {
            LeafClass::Int
        }
        "f32" | "f64" => LeafClass::Float,
        "bool" => LeafClass::Bool,
        "NaiveDate" | "NaiveTime" | "NaiveDateTime" | "DateTime" | "OffsetDateTime"
        | "PrimitiveDateTime" => LeafClass::Date,
        "Uuid" => LeafClass::Uuid,
        "IpAddr" | "Ipv4Addr" | "Ipv6Addr" => LeafClass::Ip,
        _ => LeafClass::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::ToTokens;

    fn peeled(ty: Type) -> (Vec<&'static str>, String, LeafClass) {
        let peeled = peel(&ty);
        let layers = peeled
            .wrappers
            .iter()
            .map(|w| match w {
                Wrapper::Optional => "option",
                Wrapper::Sequence => "sequence",
                Wrapper::Map { .. } => "map",
                Wrapper::Transparent => "transparent",
            })
            .collect();
        (
            layers,
            peeled.leaf.to_token_stream().to_string(),
            peeled.class,
        )
    }

    #[test]
    fn containers_are_peeled_outside_in() {
        let (layers, leaf, class) = peeled(syn::parse_quote!(
            Option<Vec<Box<std::collections::HashMap<String, u32>>>>
        ));
        assert_eq!(layers, ["option", "sequence", "transparent", "map"]);
        assert_eq!((leaf.as_str(), class), ("u32", LeafClass::Int));
    }

    #[test]
    fn arrays_slices_and_boxed_slices_are_sequences() {
        for ty in [
            syn::parse_quote!([String; 3]),
            syn::parse_quote!(&'a [String]),
            syn::parse_quote!(Box<[String]>),
        ] {
            let (layers, _, class) = peeled(ty);
            assert_eq!(layers.last(), Some(&"sequence"));
            assert_eq!(class, LeafClass::Str);
        }
    }

    #[test]
    fn unknown_names_are_left_to_rustc() {
        let (layers, leaf, class) = peeled(syn::parse_quote!(Tags));
        assert!(layers.is_empty());
        assert_eq!((leaf.as_str(), class), ("Tags", LeafClass::Unknown));
        let (_, _, class) = peeled(syn::parse_quote!(chrono::NaiveDate));
        assert_eq!(class, LeafClass::Date);
    }
}
