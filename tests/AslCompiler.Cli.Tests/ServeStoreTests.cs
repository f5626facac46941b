using AslCompiler.Cli.Commands;
using Microsoft.Data.Sqlite;

namespace AslCompiler.Cli.Tests;

/// <summary><c>asl serve --store PATH</c> with a path or a file it cannot serve: one line naming it, exit 1, no server.</summary>
public sealed class ServeStoreTests() : StoreDirectory("asl-cli-serve-store-")
{
    private const string PassMachine = """{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}""";

    [Fact]
    public void An_empty_store_path_is_refused()
    {
        var (exit, output, error) = Serve("");
        Assert.Equal(1, exit);
        Assert.Equal(string.Empty, output);
        Assert.Equal("asl: --store needs the path of a SQLite file." + Environment.NewLine, error);
    }

    [Theory]
    [InlineData("UPDATE executions SET status = 'Paused';", "is corrupt: the executions row")]
    [InlineData("UPDATE resources SET json = '{not json';", "is corrupt: its resources row")]
    public void A_store_whose_content_does_not_read_is_one_line_naming_the_file(string corrupt, string expected)
    {
        var store = Path.Combine(Dir, "s.db");
        var file = Path.Combine(Dir, "m.asl.json");
        File.WriteAllText(file, PassMachine);
        Assert.Equal(0, CliRunner.Run("run", file, "--store", store, "--name", "n").ExitCode);
        using (var connection = new SqliteConnection("Data Source=" + store + ";Pooling=false"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = corrupt;
            command.ExecuteNonQuery();
        }

        var (exit, output, error) = Serve(store);
        Assert.Equal(1, exit);
        Assert.Equal(string.Empty, output);
        Assert.StartsWith("asl: --store: SQLite store '" + store + "' " + expected, error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public void The_store_ends_leases_by_the_servers_clock_scaled_by_time_scale()
    {
        // The engine writes each claim's lease on its own clock, --time-scale's: the store must end it by that clock too.
        // A lease that ends now on the engine's clock (60 times faster than real time) is over for a second owner at once.
        var store = Path.Combine(Dir, "s.db");
        using var stop = new CancellationTokenSource();
        bool? first = null, second = null;
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = ServeCommand.Execute(
            new ServeCommand.ServeArguments(0, "127.0.0.1", store, null, null, null, null, 60, "None", "simple"),
            output,
            error,
            new ServeCommand.ServeHooks(Serving: (_, sqlite, clock) =>
            {
                const string Arn = "arn:aws:states:us-east-1:123456789012:execution:M:leased";
                first = sqlite!.TryClaimAsync(Arn, "node-a", clock.GetUtcNow(), CancellationToken.None).AsTask().GetAwaiter().GetResult();
                second = sqlite.TryClaimAsync(Arn, "node-b", clock.GetUtcNow() + TimeSpan.FromMinutes(5), CancellationToken.None).AsTask().GetAwaiter().GetResult();
                stop.Cancel();
            }),
            stop.Token);
        Assert.True(exit == 0, error.ToString());
        Assert.True(first);
        Assert.True(second, "node-a's lease had ended on the server's clock, but the store still held it (it read the real clock)");
    }

    [Fact]
    public async Task A_store_that_fills_up_under_a_run_is_said_on_standard_error_and_the_execution_stays_RUNNING()
    {
        // The second state's 200 KB output does not fit in what the file may grow by: its commit fails as on a full disk.
        const string Filling = """
            {"QueryLanguage":"JSONata","StartAt":"Small","States":{
              "Small":{"Type":"Pass","Output":{"n":1},"Next":"Big"},
              "Big":{"Type":"Pass","Output":"{% $pad('', 200000, 'x') %}","End":true}}}
            """;
        var store = Path.Combine(Dir, "s.db");
        using var stop = new CancellationTokenSource();
        using var output = new StringWriter();
        using var error = new LineWaiter("stays RUNNING");
        string? arn = null;
        AslCompiler.Runtime.Api.ExecutionStatus? status = null;
        var exit = ServeCommand.Execute(
            new ServeCommand.ServeArguments(0, "127.0.0.1", store, null, null, null, null, 1, "None", "simple"),
            output,
            error,
            new ServeCommand.ServeHooks(
                OpenStore: (path, options) => AslCompiler.Sqlite.SqliteStepFunctionsStore.Open(path, new AslCompiler.Sqlite.SqliteStoreOptions { TimeProvider = options.TimeProvider, GrowthLimitPages = 20 }),
                Serving: (api, _, _) =>
                {
                    try
                    {
                        var machine = api.CreateStateMachineAsync(new AslCompiler.Runtime.Api.CreateStateMachineRequest
                        {
                            Name = "filling",
                            Definition = Filling,
                            RoleArn = "arn:aws:iam::123456789012:role/R",
                        }).GetAwaiter().GetResult().StateMachineArn;
                        arn = api.StartExecutionAsync(new AslCompiler.Runtime.Api.StartExecutionRequest { StateMachineArn = machine, Name = "n", Input = "{}" }).GetAwaiter().GetResult().ExecutionArn;
                        error.Written.Task.Wait(TimeSpan.FromSeconds(30));
                        status = api.DescribeExecutionAsync(new AslCompiler.Runtime.Api.DescribeExecutionRequest { ExecutionArn = arn }).GetAwaiter().GetResult().Status;
                    }
                    finally
                    {
                        stop.Cancel();
                    }
                }),
            stop.Token);

        Assert.True(exit == 0, error.ToString());
        Assert.True(error.Written.Task.IsCompleted, error.ToString());
        var line = await error.Written.Task;
        Assert.StartsWith("asl serve: SQLite store '" + store + "' cannot grow (disk full): ", line, StringComparison.Ordinal);
        Assert.EndsWith("; execution " + arn + " stays RUNNING in the store and resumes when asl serve starts again (same --store) with room to write.", line, StringComparison.Ordinal);
        Assert.Equal(AslCompiler.Runtime.Api.ExecutionStatus.Running, status);
    }

    private static (int ExitCode, string Output, string Error) Serve(string store)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = ServeCommand.Execute(
            new ServeCommand.ServeArguments(0, "127.0.0.1", store, null, null, null, null, 1, "Information", "simple"),
            output,
            error,
            CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>Standard error for a test: completes <see cref="Written"/> with the first line that holds a text.</summary>
    private sealed class LineWaiter(string text) : StringWriter
    {
        public TaskCompletionSource<string> Written { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value is not null && value.Contains(text, StringComparison.Ordinal))
            {
                Written.TrySetResult(value);
            }
        }
    }
}
