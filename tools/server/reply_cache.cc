#include "reply_cache.h"

namespace llmtco::server {

ReplyCache::ReplyCache(std::size_t max_entries, std::size_t max_bytes)
    : max_entries_(max_entries), max_bytes_(max_bytes) {}

std::shared_ptr<const std::string> ReplyCache::find(const std::string& key) {
  const std::lock_guard lock(mutex_);
  const auto it = index_.find(key);
  if (it == index_.end()) return nullptr;
  entries_.splice(entries_.begin(), entries_, it->second);
  return it->second->body;
}

void ReplyCache::store(const std::string& key, std::shared_ptr<const std::string> body) {
  const std::size_t size = key.size() + body->size();
  if (size > max_bytes_ || max_entries_ == 0) return;
  const std::lock_guard lock(mutex_);
  if (index_.contains(key)) return;  // another thread computed it too
  entries_.push_front(Entry{key, std::move(body)});
  index_.emplace(key, entries_.begin());
  bytes_ += size;
  evict_locked();
}

void ReplyCache::evict_locked() {
  while (entries_.size() > max_entries_ || bytes_ > max_bytes_) {
    const Entry& last = entries_.back();
    bytes_ -= last.key.size() + last.body->size();
    index_.erase(last.key);
    entries_.pop_back();
  }
}

}  // namespace llmtco::server
