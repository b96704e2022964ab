#include "app/commands.h"

int main(int argc, char** argv) { return trawl::run_cli(argc, argv); }
