// A bounded, thread-safe cache of computed replies. Every report is a pure
// function of its request and the built-in catalogs, so the same body gets the
// same bytes: a slider dragged back, or a page reloaded, costs a lookup.
#pragma once

#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace llmtco::server {

class ReplyCache {
 public:
  // Holds at most `max_entries` replies of at most `max_bytes` together; the
  // least recently used go first.
  ReplyCache(std::size_t max_entries, std::size_t max_bytes);

  // The reply stored under `key`, or null. Shared, so that the lock is held for a
  // lookup only, never for copying a reply.
  std::shared_ptr<const std::string> find(const std::string& key);
  void store(const std::string& key, std::shared_ptr<const std::string> body);

 private:
  struct Entry {
    std::string key;
    std::shared_ptr<const std::string> body;
  };
  void evict_locked();

  std::size_t max_entries_;
  std::size_t max_bytes_;
  std::size_t bytes_ = 0;
  std::mutex mutex_;
  std::list<Entry> entries_;  // most recently used first
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
};

}  // namespace llmtco::server
