// The -o temporary file's cleanup on a signal, in a child process that the
// signal ends.
#include "temp_file.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <functional>
#include <string>

namespace llmtco::cli {
namespace {

namespace fs = std::filesystem;

class TempFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("llmtco-temp-file-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs `body` in a child process; its wait status.
  static int in_child(const std::function<void()>& body) {
    const pid_t pid = ::fork();
    if (pid == 0) {
      body();
      ::_exit(0);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    return status;
  }

  // Creates a temporary file in dir_, then raises `signal_number`.
  void create_then_raise(int signal_number, bool forget) const {
    std::string pattern = (dir_ / ".report.json.XXXXXX").string();
    if (create_temp_file(pattern) < 0) ::_exit(3);
    if (forget) forget_temp_file();
    ::raise(signal_number);
  }

  bool empty() const { return fs::is_empty(dir_); }

  fs::path dir_;
};

TEST_F(TempFile, EachSignalRemovesTheFileAndStillEndsTheProcess) {
  for (const int signal_number : {SIGINT, SIGTERM, SIGHUP}) {
    const int status = in_child([&] { create_then_raise(signal_number, false); });
    ASSERT_TRUE(WIFSIGNALED(status)) << signal_number;
    EXPECT_EQ(WTERMSIG(status), signal_number);
    EXPECT_TRUE(empty()) << signal_number;
  }
}

TEST_F(TempFile, AFileForgottenStays) {
  const int status = in_child([&] { create_then_raise(SIGTERM, true); });
  ASSERT_TRUE(WIFSIGNALED(status));
  EXPECT_EQ(WTERMSIG(status), SIGTERM);
  EXPECT_FALSE(empty());  // renamed or removed by the writer in real use
}

TEST_F(TempFile, AnIgnoredSignalStaysIgnored) {
  const int status = in_child([&] {
    std::signal(SIGHUP, SIG_IGN);  // as nohup leaves it
    create_then_raise(SIGHUP, false);
  });
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_FALSE(empty());
}

TEST_F(TempFile, ATooLongPatternIsRefused) {
  std::string pattern(5000, 'x');
  pattern += "XXXXXX";
  EXPECT_EQ(create_temp_file(pattern), -1);
  EXPECT_EQ(errno, ENAMETOOLONG);
}

}  // namespace
}  // namespace llmtco::cli
