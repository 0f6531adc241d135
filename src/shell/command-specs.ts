// The options of every safe-listed program that has dangerous ones, as that
// program parses them (GNU coreutils, GNU sed and file as shipped on Linux,
// ripgrep, tree; BSD spellings added where they differ). Dangerous options
// are those that write a file, change metadata, or run another program. The
// safe long options are listed so an exact name wins over an abbreviation
// (getopt.ts); a missing safe name can only make a check stricter.

import type { OptionSpec } from "./getopt.js";

export const SORT: OptionSpec = {
  short: "bcCdfghik:mMno:rRsS:t:T:uVy:z",
  long: [
    "batch-size=",
    "buffer-size=",
    "check?",
    "compress-program=",
    "debug",
    "dictionary-order",
    "field-separator=",
    "files0-from=",
    "general-numeric-sort",
    "help",
    "human-numeric-sort",
    "ignore-case",
    "ignore-leading-blanks",
    "ignore-nonprinting",
    "key=",
    "merge",
    "month-sort",
    "numeric-sort",
    "output=",
    "parallel=",
    "random-sort",
    "random-source=",
    "reverse",
    "sort=",
    "stable",
    "temporary-directory=",
    "unique",
    "version",
    "version-sort",
    "zero-terminated",
  ],
  // `--compress-program` runs PROG on temporary files; `-o` writes FILE.
  dangerous: ["output", "compress-program", "o"],
};

export const DATE: OptionSpec = {
  short: "d:f:I::r:Rs:u",
  long: [
    "date=",
    "debug",
    "file=",
    "help",
    "iso-8601?",
    "reference=",
    "resolution",
    "rfc-3339=",
    "rfc-email",
    "set=",
    "uct",
    "universal",
    "utc",
    "version",
  ],
  // Setting the clock.
  dangerous: ["set", "s"],
};

export const BASE64: OptionSpec = {
  // GNU: -d -i -w COLS. BSD/macOS: -b COUNT, -i FILE, -o FILE.
  short: "b:dDi:o:w:",
  long: ["break=", "decode", "help", "ignore-garbage", "input=", "output=", "version", "wrap="],
  // BSD base64 writes its output to FILE.
  dangerous: ["output", "o"],
};

export const FILE: OptionSpec = {
  short: "bcCde:Ef:F:hiklLm:nNpP:rsSvzZ0",
  long: [
    "apple",
    "brief",
    "checking-printout",
    "compile",
    "debug",
    "dereference",
    "exclude=",
    "exclude-quiet=",
    "extension",
    "files-from=",
    "help",
    "keep-going",
    "list",
    "magic-file=",
    "mime",
    "mime-encoding",
    "mime-type",
    "no-buffer",
    "no-dereference",
    "no-pad",
    "no-sandbox",
    "parameter=",
    "preserve-date",
    "print0",
    "raw",
    "separator=",
    "special-files",
    "uncompress",
    "uncompress-noreport",
    "version",
  ],
  // `-C` writes a compiled magic file; `-p` resets access times (a metadata
  // write); `-z`/`-Z` may run external decompressors.
  dangerous: ["compile", "preserve-date", "uncompress", "uncompress-noreport", "C", "p", "z", "Z"],
};

export const TREE: OptionSpec = {
  // tree takes option values from the following arguments even inside a
  // cluster (`-Lo 2 out`), so no letter here swallows the rest of a cluster:
  // every letter is examined.
  short: "adfghilopqrstuxACDFHIJLNPQRSTUX",
  long: [
    "charset?",
    "dirsfirst",
    "du",
    "filelimit=",
    "filesfirst",
    "fromfile",
    "gitignore",
    "help",
    "inodes",
    "device",
    "noreport",
    "nolinks",
    "prune",
    "si",
    "sort?",
    "timefmt?",
    "version",
  ],
  // `-o FILE` writes the listing; `-R` reruns tree writing 00Tree.html into
  // every directory.
  dangerous: ["output", "o", "R"],
};

export const RIPGREP: OptionSpec = {
  short: "A:aB:bC:cd:E:e:f:Fg:HhiIj:lLm:M:NnopqRr:sSt:T:uUvVwxz0",
  long: [
    // Only the names that share a prefix with a dangerous one matter here.
    "heading",
    "help",
    "hidden",
    "hostname-bin=",
    "hyperlink-format=",
    "passthru",
    "path-separator=",
    "pcre2",
    "pcre2-version",
    "pre=",
    "pre-glob=",
    "pretty",
    "search-zip",
    "smart-case",
    "sort=",
    "sortr=",
    "stats",
    "stop-on-nonmatch",
  ],
  // `--pre` runs a program per file, `--hostname-bin` runs one for the
  // hostname, `-z` runs decompressors.
  dangerous: ["pre", "hostname-bin", "search-zip", "z"],
};

export const UNIQ: OptionSpec = {
  short: "0123456789cdDf:is:uw:z",
  long: [
    "all-repeated?",
    "check-chars=",
    "count",
    "group?",
    "help",
    "ignore-case",
    "repeated",
    "skip-chars=",
    "skip-fields=",
    "unique",
    "version",
    "zero-terminated",
  ],
  // uniq writes its second operand; options alone are harmless.
  dangerous: [],
};

export const SED: OptionSpec = {
  short: "bnrsuzEe:f:i::l:",
  long: [
    "binary",
    "debug",
    "expression=",
    "file=",
    "follow-symlinks",
    "help",
    "in-place?",
    "line-length=",
    "null-data",
    "posix",
    "quiet",
    "regexp-extended",
    "sandbox",
    "separate",
    "silent",
    "unbuffered",
    "version",
    "zero-terminated",
  ],
  // In-place editing writes the input files. Scripts are checked separately
  // (sed-script.ts); a script file (`-f`) cannot be checked at all.
  dangerous: ["in-place", "file", "i", "f"],
};
