#include "output.h"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "llmtco/error.h"
#include "temp_file.h"

namespace llmtco::cli {
namespace {

std::string render(const Report& report, const OutputOptions& options) {
  const RenderOptions render_options{.explain = options.explain};
  if (options.format == "json") return render_json(report);
  if (options.format == "markdown") return render_markdown(report, render_options);
  if (options.format == "html") return render_html(report, render_options);
  return render_text(report, render_options);
}

}  // namespace

void write_file_atomically(const std::string& path, const std::string& text) {
  const std::filesystem::path target(path);
  const std::filesystem::path dir = target.has_parent_path() ? target.parent_path() : ".";
  std::string temp = (dir / ("." + target.filename().string() + ".XXXXXX")).string();
  const int fd = create_temp_file(temp);
  if (fd < 0) {
    throw InputError(fmt::format("cannot write '{}': {}", path, std::strerror(errno)));
  }
  // mkstemp creates the file private (0600); a report is as readable as any file
  // the user creates: 0666 less the umask.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd, 0666 & ~mask);
  std::size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0) break;
    written += static_cast<std::size_t>(n);
  }
  const int write_errno = errno;
  const bool ok = written == text.size() && ::fsync(fd) == 0 && ::close(fd) == 0;
  if (!ok || std::rename(temp.c_str(), path.c_str()) != 0) {
    const int err = ok ? errno : write_errno;
    std::remove(temp.c_str());
    forget_temp_file();
    throw InputError(fmt::format("cannot write '{}': {}", path, std::strerror(err)));
  }
  forget_temp_file();
}

void add_output_options(CLI::App& app, OutputOptions& options) {
  app.add_option("--format", options.format,
                 "output format; html is a standalone page with the charts as SVG")
      ->check(CLI::IsMember({"text", "json", "markdown", "html"}))
      ->capture_default_str();
  app.add_option("-o", options.path,
                 "write the report to FILE instead of stdout, whole or not at all (a kill -9 "
                 "mid-write can leave a hidden .FILE.XXXXXX; docs/formats.md)")
      ->type_name("FILE");
  app.add_flag("--explain", options.explain, "show each figure's formula, inputs and source");
}

void emit(const Report& report, const OutputOptions& options) {
  check_finite(report);
  write_output(render(report, options), options.path);
}

void write_output(const std::string& text, const std::string& path) {
  if (path.empty()) {
    std::fwrite(text.data(), 1, text.size(), stdout);
  } else {
    write_file_atomically(path, text);
  }
}

}  // namespace llmtco::cli
