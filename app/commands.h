// The trawl command line. run() is main() minus the process: it takes the arguments and
// returns the exit status, so tests can call it.
//
// Exit status: 0 success (for ingest: the run completed, failed documents included);
// 1 the index cannot be opened or written, or the one document asked for failed;
// 2 bad usage (unknown flag, bad configuration).
#pragma once

#include <string>
#include <vector>

namespace trawl {

int run_cli(int argc, char** argv);

}  // namespace trawl
