using System;

namespace AslCompiler.Cli;

internal static class Program
{
    private static int Main(string[] args) => AslCommandLine.Run(args, Console.Out, Console.Error);
}
