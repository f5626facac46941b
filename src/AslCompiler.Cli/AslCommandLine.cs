using System.CommandLine;
using System.CommandLine.Invocation;
using System.IO;
using AslCompiler.Cli.Commands;

namespace AslCompiler.Cli;

/// <summary>The <c>asl</c> command line: one root command and a subcommand per job.</summary>
internal static class AslCommandLine
{
    /// <summary>Exit code for success.</summary>
    public const int Success = 0;

    /// <summary>Exit code when the input is invalid (bad JSON, invalid definition, evaluation error).</summary>
    public const int Failure = 1;

    /// <summary>Exit code for a usage error (unknown option, unreadable or malformed argument).</summary>
    public const int UsageError = 2;

    /// <summary>Builds the command tree.</summary>
    public static RootCommand Build()
    {
        var root = new RootCommand("asl: AWS Step Functions (Amazon States Language) in .NET — parse, validate and run state machine definitions.");
        root.Subcommands.Add(ParseCommand.Create());
        root.Subcommands.Add(ValidateCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(TestStateCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        return root;
    }

    /// <summary>Runs the command line with the given arguments and writers; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error) => Run(args, output, error, null);

    /// <summary>As above, with <paramref name="input"/> as what <c>-</c> reads (standard input when null).</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error, Stream? input)
    {
        InputFile.BeginCommand(input);
        var configuration = new InvocationConfiguration { Output = output, Error = error };

        // '@file' means "JSON from this file" to our options, so System.CommandLine's response files are off.
        var parser = new ParserConfiguration { ResponseFileTokenReplacer = null };
        var result = Build().Parse(args, parser);
        return result.Action is ParseErrorAction ? ReportParseErrors(result, error) : result.Invoke(configuration);
    }

    /// <summary>
    /// A command line that does not parse (an unknown option, a missing or repeated value): one line per problem on
    /// standard error, named after the command, and a pointer to its help, rather than the help itself on standard
    /// output, where a pipeline expects JSON. Exit 2, as every usage error; <c>asl serve</c> exits 1 on bad options.
    /// </summary>
    private static int ReportParseErrors(ParseResult result, TextWriter error)
    {
        var command = result.CommandResult.Command;
        var name = command is RootCommand ? "asl" : "asl " + command.Name;
        foreach (var problem in result.Errors)
        {
            error.WriteLine(name + ": " + problem.Message);
        }

        error.WriteLine("Run '" + name + " --help' for usage.");
        return command.Name == "serve" ? Failure : UsageError;
    }
}
