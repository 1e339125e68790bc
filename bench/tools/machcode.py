#!/usr/bin/env python3
"""Disassembles the C2 code of one method from a JVM's -XX:CompileCommand=print output, without an hsdis plugin.

JDK 25 prints a compiled method as hex words under [MachCode] when no disassembler plugin loads (Debian's
libhsdis0-fcml predates the interface JDK 25 asks for). This takes the last C2 (non-OSR) method in that output,
joins its bytes and runs objdump on them:

    java -XX:+UnlockDiagnosticVMOptions -XX:CompileCommand=print,org.jrnn.simd.gemm.MicroKernel::kernel ... > out.txt
    python3 bench/tools/machcode.py out.txt > kernel.s      # needs binutils' objdump

Addresses in the listing are offsets from the method's first byte; calls and jumps outside it read as raw offsets.
"""
import re
import subprocess
import sys
import tempfile


def machine_code(text):
    methods = [m for m in text.split("Compiled method (") if m.startswith("c2)") and "%" not in m.split("\n", 1)[0]]
    if not methods:
        sys.exit("machcode.py: no C2 method (other than OSR) in the input; was -XX:CompileCommand=print given?")
    body = methods[-1].split("[MachCode]", 1)
    if len(body) < 2:
        sys.exit("machcode.py: the last C2 method has no [MachCode] section")
    code = bytearray()
    for line in body[1].split("\n"):
        if line.startswith("[/MachCode]"):
            break
        m = re.match(r"\s+0x[0-9a-f]+: ([0-9a-f |]+)$", line)
        if m:
            code += bytes.fromhex(m.group(1).replace("|", "").replace(" ", ""))
    return code


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: machcode.py PRINT_OUTPUT")
    with open(sys.argv[1], errors="replace") as f:
        code = machine_code(f.read())
    with tempfile.NamedTemporaryFile(suffix=".bin") as tmp:
        tmp.write(code)
        tmp.flush()
        subprocess.run(["objdump", "-D", "-b", "binary", "-mi386:x86-64", "-M", "intel", tmp.name], check=True)


if __name__ == "__main__":
    main()
