using System;
using System.CommandLine;
using System.CommandLine.Help;
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
        foreach (var option in root.Options)
        {
            if (option is HelpOption { Action: HelpAction help } helpOption)
            {
                helpOption.Action = new HelpWithoutAdditionalArguments(help);
            }
        }

        return root;
    }

    /// <summary>
    /// System.CommandLine's help, except for a command that reads its unknown options itself (<c>asl validate</c>, whose
    /// usage errors all exit 2): the library shows such a command as taking <c>[[--] &lt;additional arguments&gt;...]</c>,
    /// "passed to the application that is being run", which it does not.
    /// </summary>
    private sealed class HelpWithoutAdditionalArguments(HelpAction help) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            var command = parseResult.CommandResult.Command;
            if (command.TreatUnmatchedTokensAsErrors)
            {
                return help.Invoke(parseResult);
            }

            // The library's help, written to a string (it writes to the configuration's output), then mended.
            using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
            var configuration = parseResult.InvocationConfiguration;
            var output = configuration.Output;
            configuration.Output = text;
            try
            {
                help.Invoke(parseResult);
            }
            finally
            {
                configuration.Output = output;
            }

            var written = text.ToString()
                .Replace(" [[--] <additional arguments>...]]", string.Empty, StringComparison.Ordinal)
                .Replace(" [[--] <additional arguments>...]", string.Empty, StringComparison.Ordinal);
            var section = written.IndexOf("Additional Arguments:", StringComparison.Ordinal);
            if (section >= 0)
            {
                written = written[..section].TrimEnd() + Environment.NewLine + Environment.NewLine;
            }

            output.Write(written);
            return 0;
        }
    }

    /// <summary>Runs the command line with the given arguments and writers; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error) => Run(args, output, error, null);

    /// <summary>As above, with <paramref name="input"/> as what <c>-</c> reads (standard input when null).</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error, Stream? input)
    {
        InputFile.BeginCommand(input);
        var standardOutput = new StandardOutput(output);

        // A standard error that cannot be written (closed with 2>&-, a full disk under 2> file) loses the messages, not
        // the exit code: the command goes on and exits as documented.
        error = new StandardError(error);

        // Exceptions come here rather than to System.CommandLine's handler, which prints them with their stack trace.
        var configuration = new InvocationConfiguration { Output = standardOutput, Error = error, EnableDefaultExceptionHandler = false };

        // '@file' means "JSON from this file" to our options, so System.CommandLine's response files are off.
        var parser = new ParserConfiguration { ResponseFileTokenReplacer = null };
        var result = Build().Parse(args, parser);
        if (result.Action is ParseErrorAction)
        {
            return ReportParseErrors(result, error);
        }

        try
        {
            return result.Invoke(configuration);
        }
        catch (StandardOutputException e)
        {
            // A full disk under "> file", or a closed standard output (>&-): what the command printed is lost, so it did
            // not succeed.
            TryWriteLine(error, "asl: cannot write standard output: " + e.Message);
            return Failure;
        }
        catch (OutOfMemoryException)
        {
            // A resource limit of this machine, not a bug: an input, a definition or a value built from them (an eval
            // result, an execution's payloads) is too large for the memory the process can have.
            TryWriteLine(error, Name(result.CommandResult.Command) + ": out of memory while running the command: its input, or a value built from it, is too large for the memory this process can use.");
            return Failure;
        }
        catch (Exception e)
        {
            TryWriteLine(error, e is IOException ? "asl: " + e.Message : Name(result.CommandResult.Command) + ": unexpected error: " + e.Message + " (a bug in asl: please report it with the command line)");
            return Failure;
        }
    }

    /// <summary>
    /// A command line that does not parse (an unknown option, a missing or repeated value): one line per problem on
    /// standard error, named after the command, and a pointer to its help, rather than the help itself on standard
    /// output, where a pipeline expects JSON. Exit 2, as every usage error; <c>asl serve</c> exits 1 on bad options, and
    /// <c>asl run</c> 1 (its contract: 0 for SUCCEEDED, 1 otherwise).
    /// </summary>
    private static int ReportParseErrors(ParseResult result, TextWriter error)
    {
        var command = result.CommandResult.Command;
        var name = Name(command);
        foreach (var problem in result.Errors)
        {
            // "asl frobnicate": the unknown command says it all; that no command was given is then beside the point.
            if (result.Errors.Count > 1 && problem.Message == RequiredCommandMessage.Value)
            {
                continue;
            }

            TryWriteLine(error, name + ": " + problem.Message);
        }

        TryWriteLine(error, "Run '" + name + " --help' for usage.");
        return command.Name is "serve" or "run" ? Failure : UsageError;
    }

    /// <summary>System.CommandLine's words for a command line that names no subcommand (as it words them in this culture).</summary>
    private static readonly Lazy<string> RequiredCommandMessage = new(() =>
    {
        var probe = new RootCommand { new Command("probe") };
        var errors = probe.Parse(Array.Empty<string>()).Errors;
        return errors.Count == 1 ? errors[0].Message : string.Empty;
    });

    private static void TryWriteLine(TextWriter writer, string line)
    {
        try
        {
            writer.WriteLine(line);
        }
        catch (Exception e) when (IsWriteFailure(e))
        {
        }
    }

    /// <summary>
    /// Whether a write failed because of where it goes: an <see cref="IOException"/> (a full disk, a device error) or,
    /// for a descriptor that is closed or not open for writing (<c>&gt;&amp;-</c>), the <see cref="UnauthorizedAccessException"/>
    /// .NET throws for EBADF.
    /// </summary>
    private static bool IsWriteFailure(Exception e) => e is IOException or UnauthorizedAccessException;

    /// <summary>The reason a write failed: for EBADF, the system's words (<c>Bad file descriptor</c>) rather than "Access to the path is denied."</summary>
    private static string ReasonOf(Exception e) => e is UnauthorizedAccessException { InnerException: IOException inner } ? inner.Message : e.Message;

    private static string Name(Command command) => command is RootCommand ? "asl" : "asl " + command.Name;

    /// <summary>
    /// A standard stream whose write failures (a full disk, a device error, a closed descriptor) go to
    /// <see cref="Failed"/> rather than out as the exception the write threw.
    /// </summary>
    private abstract class GuardedWriter(TextWriter inner) : TextWriter
    {
        public override System.Text.Encoding Encoding => inner.Encoding;

        public override IFormatProvider FormatProvider => inner.FormatProvider;

        [System.Diagnostics.CodeAnalysis.AllowNull]
        public override string NewLine
        {
            get => inner.NewLine;
            set => inner.NewLine = value;
        }

        public override void Write(char value) => Guard(() => inner.Write(value));

        public override void Write(char[] buffer, int index, int count) => Guard(() => inner.Write(buffer, index, count));

        public override void Write(string? value) => Guard(() => inner.Write(value));

        public override void WriteLine() => Guard(inner.WriteLine);

        public override void WriteLine(string? value) => Guard(() => inner.WriteLine(value));

        public override void Flush() => Guard(inner.Flush);

        /// <summary>Whether writes are skipped (after a failure the stream cannot take more).</summary>
        protected virtual bool Skip => false;

        /// <summary>What a failed write does.</summary>
        protected abstract void Failed(Exception e);

        private void Guard(Action write)
        {
            if (Skip)
            {
                return;
            }

            try
            {
                write();
            }
            catch (Exception e) when (IsWriteFailure(e))
            {
                Failed(e);
            }
        }
    }

    /// <summary>Standard output whose write failures are told from the others (<see cref="StandardOutputException"/>).</summary>
    private sealed class StandardOutput(TextWriter inner) : GuardedWriter(inner)
    {
        protected override void Failed(Exception e) => throw new StandardOutputException(e);
    }

    private sealed class StandardOutputException(Exception inner) : Exception(ReasonOf(inner), inner);

    /// <summary>Standard error that drops what it cannot write, and everything after it: there is nowhere else to say so.</summary>
    private sealed class StandardError(TextWriter inner) : GuardedWriter(inner)
    {
        private bool _failed;

        protected override bool Skip => _failed;

        protected override void Failed(Exception e) => _failed = true;
    }
}
