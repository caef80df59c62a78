//! A socket with bytes already read from it put back in front: the request
//! head the server read to decide between a page and a WebSocket is handed,
//! with the socket, to the WebSocket handshake, which reads it again.
//!
//! Written here rather than taken from tokio (`AsyncReadExt::chain` with
//! `io::join`) because this one frees the head once it is read: a joined
//! chain would keep it, and split the socket, for the connection's life.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// `inner`, read from `head` first.
#[derive(Debug)]
pub struct Rewind<S> {
    head: Option<(Box<[u8]>, usize)>,
    inner: S,
}

impl<S> Rewind<S> {
    /// `inner`, with `head` read again first.
    pub fn new(head: Vec<u8>, inner: S) -> Self {
        let head = (!head.is_empty()).then(|| (head.into_boxed_slice(), 0));
        Self { head, inner }
    }

    /// The socket itself.
    pub fn get_ref(&self) -> &S {
        &self.inner
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Rewind<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        if let Some((head, at)) = &mut self.head {
            let n = (head.len() - *at).min(buf.remaining());
            buf.put_slice(&head[*at..*at + n]);
            *at += n;
            if *at == head.len() {
                self.head = None;
            }
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Rewind<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::AsyncReadExt;

    #[tokio::test]
    async fn the_head_comes_first_then_the_socket() {
        let rest: &[u8] = b" world";
        let mut r = Rewind::new(b"hello".to_vec(), rest);
        let mut all = String::new();
        r.read_to_string(&mut all).await.expect("read");
        assert_eq!(all, "hello world");
        assert!(r.head.is_none(), "the head is freed once read");
    }
}
