//! A small Redis client: RESP2 over TCP with a pool of idle connections.
//! No Redis crate is packaged for this project's build machines, and the
//! service needs only a handful of commands.

use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::sync::Mutex;

const TIMEOUT: Duration = Duration::from_secs(2);
const MAX_IDLE: usize = 16;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reply {
    Status(String),
    Error(String),
    Int(i64),
    Bulk(Option<Vec<u8>>),
    Array(Option<Vec<Reply>>),
}

#[derive(Debug)]
pub struct RedisError(pub String);

impl std::fmt::Display for RedisError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "redis: {}", self.0)
    }
}

impl std::error::Error for RedisError {}

impl From<std::io::Error> for RedisError {
    fn from(err: std::io::Error) -> Self {
        RedisError(err.to_string())
    }
}

/// Where to connect, parsed from `redis://[:password@]host:port/db`.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Target {
    address: String,
    password: Option<String>,
    database: u32,
}

fn parse_url(url: &str) -> Result<Target, RedisError> {
    let rest = url
        .strip_prefix("redis://")
        .ok_or_else(|| RedisError("only redis:// URLs are supported".into()))?;
    let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
    let (credentials, host) = match authority.rsplit_once('@') {
        Some((credentials, host)) => (Some(credentials), host),
        None => (None, authority),
    };
    let password = credentials
        .map(|c| c.rsplit(':').next().unwrap_or(c).to_string())
        .filter(|p| !p.is_empty());
    let address = if host.contains(':') {
        host.to_string()
    } else {
        format!("{host}:6379")
    };
    let database = path
        .split('?')
        .next()
        .filter(|d| !d.is_empty())
        .map_or(Ok(0), str::parse)
        .map_err(|_| RedisError("bad database number".into()))?;
    Ok(Target {
        address,
        password,
        database,
    })
}

struct Connection {
    stream: BufReader<TcpStream>,
}

impl Connection {
    async fn open(target: &Target) -> Result<Connection, RedisError> {
        let stream = tokio::time::timeout(TIMEOUT, TcpStream::connect(&target.address))
            .await
            .map_err(|_| RedisError("connect timed out".into()))??;
        let mut conn = Connection {
            stream: BufReader::new(stream),
        };
        if let Some(password) = &target.password {
            conn.command(&["AUTH", password]).await?;
        }
        if target.database != 0 {
            conn.command(&["SELECT", &target.database.to_string()])
                .await?;
        }
        Ok(conn)
    }

    /// Sends commands in one write and reads one reply per command.
    async fn pipeline(&mut self, commands: &[&[&str]]) -> Result<Vec<Reply>, RedisError> {
        let mut out = Vec::new();
        for args in commands {
            out.extend_from_slice(format!("*{}\r\n", args.len()).as_bytes());
            for arg in *args {
                out.extend_from_slice(format!("${}\r\n", arg.len()).as_bytes());
                out.extend_from_slice(arg.as_bytes());
                out.extend_from_slice(b"\r\n");
            }
        }
        let exchange = async {
            self.stream.get_mut().write_all(&out).await?;
            let mut replies = Vec::with_capacity(commands.len());
            for _ in commands {
                replies.push(read_reply(&mut self.stream).await?);
            }
            Ok::<_, RedisError>(replies)
        };
        tokio::time::timeout(TIMEOUT, exchange)
            .await
            .map_err(|_| RedisError("command timed out".into()))?
    }

    async fn command(&mut self, args: &[&str]) -> Result<Reply, RedisError> {
        match self.pipeline(&[args]).await?.pop() {
            Some(Reply::Error(message)) => Err(RedisError(message)),
            Some(reply) => Ok(reply),
            None => Err(RedisError("no reply".into())),
        }
    }
}

async fn read_line(stream: &mut BufReader<TcpStream>) -> Result<String, RedisError> {
    let mut line = String::new();
    if stream.read_line(&mut line).await? == 0 {
        return Err(RedisError("connection closed".into()));
    }
    Ok(line.trim_end_matches("\r\n").to_string())
}

fn read_reply(
    stream: &mut BufReader<TcpStream>,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<Reply, RedisError>> + Send + '_>> {
    Box::pin(async move {
        let line = read_line(stream).await?;
        let (kind, rest) = line.split_at(line.len().min(1));
        let number = || {
            rest.parse::<i64>()
                .map_err(|_| RedisError(format!("bad reply {line:?}")))
        };
        Ok(match kind {
            "+" => Reply::Status(rest.to_string()),
            "-" => Reply::Error(rest.to_string()),
            ":" => Reply::Int(number()?),
            "$" => match number()? {
                n if n < 0 => Reply::Bulk(None),
                n => {
                    let mut data = vec![0u8; n as usize + 2];
                    stream.read_exact(&mut data).await?;
                    data.truncate(n as usize);
                    Reply::Bulk(Some(data))
                }
            },
            "*" => match number()? {
                n if n < 0 => Reply::Array(None),
                n => {
                    let mut items = Vec::with_capacity(n as usize);
                    for _ in 0..n {
                        items.push(read_reply(stream).await?);
                    }
                    Reply::Array(Some(items))
                }
            },
            _ => return Err(RedisError(format!("bad reply {line:?}"))),
        })
    })
}

/// A pool of connections to one Redis server.
pub struct Redis {
    target: Target,
    idle: Mutex<Vec<Connection>>,
}

impl Redis {
    /// Connects and checks that the server answers, so a wrong REDIS_URL
    /// fails at start-up rather than on the first request.
    pub async fn connect(url: &str) -> Result<Redis, RedisError> {
        let redis = Redis {
            target: parse_url(url)?,
            idle: Mutex::new(Vec::new()),
        };
        redis.command(&["PING"]).await?;
        Ok(redis)
    }

    /// Runs commands back to back on one connection. A connection that
    /// failed is dropped rather than returned to the pool.
    pub async fn pipeline(&self, commands: &[&[&str]]) -> Result<Vec<Reply>, RedisError> {
        let pooled = self.idle.lock().await.pop();
        let mut conn = match pooled {
            Some(conn) => conn,
            None => Connection::open(&self.target).await?,
        };
        let replies = conn.pipeline(commands).await?;
        let mut idle = self.idle.lock().await;
        if idle.len() < MAX_IDLE {
            idle.push(conn);
        }
        Ok(replies)
    }

    pub async fn command(&self, args: &[&str]) -> Result<Reply, RedisError> {
        match self.pipeline(&[args]).await?.pop() {
            Some(Reply::Error(message)) => Err(RedisError(message)),
            Some(reply) => Ok(reply),
            None => Err(RedisError("no reply".into())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        let t = parse_url("redis://127.0.0.1:6380/3").unwrap();
        assert_eq!(
            (t.address.as_str(), t.password, t.database),
            ("127.0.0.1:6380", None, 3)
        );
        let t = parse_url("redis://:secret@cache").unwrap();
        assert_eq!(
            (t.address.as_str(), t.password.as_deref(), t.database),
            ("cache:6379", Some("secret"), 0)
        );
        assert!(parse_url("http://x").is_err());
    }
}
