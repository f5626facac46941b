using System.CommandLine;
using System.Globalization;
using System.IO;
using AslCompiler.Language.Json;
using AslCompiler.Language.Model;
using AslCompiler.Language.Text;

namespace AslCompiler.Cli.Commands;

/// <summary>
/// <c>asl parse FILE</c>: reads a definition and prints the parsed model as JSON, or positioned errors and exit 1; exit 2
/// when the file cannot be read.
/// </summary>
internal static class ParseCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The state machine definition (.asl.json), or - for standard input." };
        var command = new Command("parse", "Parse a state machine definition and print the model as JSON, or its errors with line and column.")
        {
            file,
        };
        command.SetAction(result => Execute(
            result.GetValue(file)!,
            result.InvocationConfiguration.Output,
            result.InvocationConfiguration.Error));
        return command;
    }

    private static int Execute(string path, TextWriter output, TextWriter error)
    {
        // A file that cannot be read is a usage error (2), as for every command but asl run; 1 is for a definition read
        // that cannot become a model.
        var bytes = InputFile.TryRead(path, error);
        if (bytes is null)
        {
            return AslCommandLine.UsageError;
        }

        var result = AslDefinitionReader.Read(JsonSyntaxReader.Parse(bytes));
        if (result.Definition is null)
        {
            foreach (var diagnostic in result.Diagnostics)
            {
                output.WriteLine(Format(path, diagnostic.Span, "error", diagnostic.Code, diagnostic.Message));
            }

            return AslCommandLine.Failure;
        }

        // Duplicate keys do not stop the model (the validator judges them); say so without spoiling the JSON on stdout.
        foreach (var duplicate in result.JsonParseResult!.Diagnostics)
        {
            error.WriteLine(Format(path, duplicate.Span, "warning", duplicate.Kind.ToString(), duplicate.Message));
        }

        output.WriteLine(AslModelWriter.Write(result.Definition, indented: true));
        return AslCommandLine.Success;
    }

    /// <summary>
    /// A problem in a definition file in the compiler's format, on one line: <c>FILE(line,column): severity CODE:
    /// message</c> (a message's line breaks, as in Jackson's words for bad JSON, become spaces, so one line is one problem).
    /// </summary>
    internal static string Format(string path, SourceSpan span, string severity, string code, string message) =>
        string.Format(CultureInfo.InvariantCulture, "{0}({1},{2}): {3} {4}: {5}", path, span.StartLine + 1, span.StartColumn + 1, severity, code, message.ReplaceLineEndings(" "));
}
