using System.Diagnostics;

namespace AslCompiler.Generator.Tests;

/// <summary>Runs a program (the dotnet CLI, a published app) to its end and returns its exit code and output.</summary>
internal static class ChildProcess
{
    /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/>.</summary>
    public static (int ExitCode, string Output) Dotnet(params string[] arguments) => Run("dotnet", null, arguments);

    /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/> and these environment variables set.</summary>
    public static (int ExitCode, string Output) Dotnet(IReadOnlyDictionary<string, string>? environment, params string[] arguments) =>
        Run("dotnet", environment, arguments);

    /// <summary>
    /// Runs <paramref name="program"/>: standard output, then standard error, as one text. A run that takes more than
    /// five minutes is killed (with its children) and throws.
    /// </summary>
    public static (int ExitCode, string Output) Run(string program, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException(program + " " + string.Join(" ", arguments) + " did not finish in 5 minutes.");
        }

        return (process.ExitCode, output.Result + error.Result);
    }
}
