using AslCompiler.Cli.Commands;
using AslCompiler.Runtime.Api;

namespace AslCompiler.Cli.Tests;

/// <summary>Runs <c>asl serve</c> in-process for a test: a start that is refused, or a server that does some work and stops.</summary>
internal static class ServeRunner
{
    /// <summary>
    /// Starts the server, calls <paramref name="work"/> once it listens (with its API and its URL), then stops it.
    /// Returns the exit code and what it printed on standard error.
    /// </summary>
    public static (int Exit, string Error) Serve(ServeCommand.ServeArguments args, Action<LocalStepFunctions, string> work)
    {
        var (exit, _, error) = Run(args, work);
        return (exit, error);
    }

    /// <summary>A start that must be refused: exit 1, nothing on standard output, no server. Returns standard error.</summary>
    public static string Refused(ServeCommand.ServeArguments args)
    {
        var (exit, output, error) = Run(args, (_, _) => throw new InvalidOperationException("the server started"));
        Assert.Equal(1, exit);
        Assert.Equal(string.Empty, output);
        return error;
    }

    private static (int Exit, string Output, string Error) Run(ServeCommand.ServeArguments args, Action<LocalStepFunctions, string> work)
    {
        using var stop = new CancellationTokenSource();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = ServeCommand.Execute(
            args,
            output,
            error,
            new ServeCommand.ServeHooks(Serving: (api, _, _) =>
            {
                try
                {
                    work(api, output.ToString().Trim()["asl serve: listening on ".Length..]);
                }
                finally
                {
                    stop.Cancel();
                }
            }),
            stop.Token);
        return (exit, output.ToString(), error.ToString());
    }
}
