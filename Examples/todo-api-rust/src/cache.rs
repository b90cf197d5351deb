//! Short-lived copies of hot reads: in Redis when the service runs as
//! several instances, in process memory otherwise. Errors are for a backend
//! that does not answer; callers treat them as a miss, so a cache outage
//! slows the service down instead of breaking it.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::Mutex;

use crate::redis::{Redis, RedisError, Reply};

pub enum Cache {
    Memory(Mutex<MemoryCache>),
    Redis(Arc<Redis>),
}

#[derive(Default)]
pub struct MemoryCache {
    entries: HashMap<String, (Vec<u8>, Instant)>,
    next_sweep: Option<Instant>,
}

impl Cache {
    pub fn memory() -> Cache {
        Cache::Memory(Mutex::new(MemoryCache::default()))
    }

    pub async fn get(&self, key: &str) -> Result<Option<Vec<u8>>, RedisError> {
        match self {
            Cache::Memory(m) => {
                let mut m = m.lock().await;
                match m.entries.get(key) {
                    Some((value, expires)) if Instant::now() < *expires => Ok(Some(value.clone())),
                    Some(_) => {
                        m.entries.remove(key);
                        Ok(None)
                    }
                    None => Ok(None),
                }
            }
            Cache::Redis(r) => match r.command(&["GET", key]).await? {
                Reply::Bulk(value) => Ok(value),
                other => Err(RedisError(format!("unexpected GET reply {other:?}"))),
            },
        }
    }

    pub async fn set(&self, key: &str, value: &[u8], ttl: Duration) -> Result<(), RedisError> {
        match self {
            Cache::Memory(m) => {
                let mut m = m.lock().await;
                let now = Instant::now();
                // Expired entries go by a sweep at most once a minute, so
                // memory stays bounded by the live entries.
                if m.next_sweep.map_or(true, |at| now >= at) {
                    m.entries.retain(|_, (_, expires)| now < *expires);
                    m.next_sweep = Some(now + Duration::from_secs(60));
                }
                m.entries
                    .insert(key.to_string(), (value.to_vec(), now + ttl));
                Ok(())
            }
            Cache::Redis(r) => {
                let value = String::from_utf8_lossy(value);
                r.command(&["SET", key, &value, "PX", &ttl.as_millis().to_string()])
                    .await
                    .map(|_| ())
            }
        }
    }

    pub async fn delete(&self, key: &str) -> Result<(), RedisError> {
        match self {
            Cache::Memory(m) => {
                m.lock().await.entries.remove(key);
                Ok(())
            }
            Cache::Redis(r) => r.command(&["DEL", key]).await.map(|_| ()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn memory_entries_expire_and_delete() {
        let cache = Cache::memory();
        cache.set("a", b"1", Duration::from_secs(60)).await.unwrap();
        assert_eq!(cache.get("a").await.unwrap(), Some(b"1".to_vec()));
        cache.delete("a").await.unwrap();
        assert_eq!(cache.get("a").await.unwrap(), None);
        cache
            .set("b", b"2", Duration::from_millis(0))
            .await
            .unwrap();
        assert_eq!(cache.get("b").await.unwrap(), None);
    }
}
