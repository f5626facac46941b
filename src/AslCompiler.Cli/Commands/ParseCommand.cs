using System.CommandLine;
using System.Globalization;
using System.IO;
using AslCompiler.Language.Json;

namespace AslCompiler.Cli.Commands;

/// <summary><c>asl parse FILE</c>: reads a definition and prints the parsed model as JSON, or positioned errors and exit 1.</summary>
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
        var bytes = InputFile.TryRead(path, error);
        if (bytes is null)
        {
            return AslCommandLine.Failure;
        }

        var result = JsonSyntaxReader.Parse(bytes);
        if (!result.Success)
        {
            foreach (var diagnostic in result.Diagnostics)
            {
                output.WriteLine(string.Format(
                    CultureInfo.InvariantCulture,
                    "{0}({1},{2}): error {3}: {4}",
                    path,
                    diagnostic.Span.StartLine + 1,
                    diagnostic.Span.StartColumn + 1,
                    diagnostic.Kind,
                    diagnostic.Message));
            }

            return AslCommandLine.Failure;
        }

        output.WriteLine(result.Root!.ToIndentedJsonString());
        return AslCommandLine.Success;
    }
}
