using System.Diagnostics;
using AslCompiler.Runtime.Json;
using Microsoft.Data.Sqlite;

namespace AslCompiler.Cli.Tests;

/// <summary><c>asl run --store PATH --name NAME</c>: durable Standard runs that a second invocation resumes.</summary>
public sealed class RunStoreTests() : StoreDirectory("asl-cli-store-")
{
    private const string PassMachine = """
        {"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"sum.$":"States.MathAdd($.a, $.b)"},"End":true}}}
        """;

    private const string WaitMachine = """
        {"StartAt":"Before","States":{
          "Before":{"Type":"Pass","Result":"before","ResultPath":"$.before","Next":"W"},
          "W":{"Type":"Wait","Seconds":6,"Next":"After"},
          "After":{"Type":"Pass","Result":"after","ResultPath":"$.after","End":true}}}
        """;

    [Fact]
    public void A_store_run_prints_the_same_result_as_a_plain_run()
    {
        var file = CliRunner.TempFile(PassMachine);
        var plain = CliRunner.Run("run", file, "--input", """{"a":2,"b":3}""");
        var stored = CliRunner.Run("run", file, "--input", """{"a":2,"b":3}""", "--store", Path.Combine(Dir, "s.db"));
        Assert.Equal(0, stored.ExitCode);
        Assert.Equal(JsonValue.Parse(plain.Output), JsonValue.Parse(stored.Output));
    }

    [Fact]
    public void A_store_run_with_history_prints_events_in_GetExecutionHistory_shape()
    {
        var (exit, output, _) = CliRunner.Run("run", CliRunner.TempFile(PassMachine), "--input", """{"a":1,"b":1}""", "--store", Path.Combine(Dir, "s.db"), "--history");
        Assert.Equal(0, exit);
        var events = JsonValue.Parse(output)["events"].GetArray();
        Assert.Equal(["ExecutionStarted", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"], events.Select(e => e["type"].GetString()));
        Assert.Equal([1.0, 2, 3, 4], events.Select(e => e["id"].GetDouble()));
        Assert.Equal("P", events[1]["stateEnteredEventDetails"]["name"].GetString());
    }

    [Fact]
    public void Running_a_finished_named_execution_again_prints_its_stored_result_without_running_it_again()
    {
        var file = CliRunner.TempFile(PassMachine);
        var store = Path.Combine(Dir, "s.db");
        var first = CliRunner.Run("run", file, "--input", """{"a":4,"b":5}""", "--store", store, "--name", "once", "--history");
        var second = CliRunner.Run("run", file, "--input", """{"a":4,"b":5}""", "--store", store, "--name", "once", "--history");
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(JsonValue.Parse(first.Output), JsonValue.Parse(second.Output));
        Assert.Equal(4, JsonValue.Parse(second.Output)["events"].GetArray().Count);
    }

    [Fact]
    public void A_virtual_clock_carried_months_ahead_does_not_expire_the_stores_other_executions()
    {
        // A Standard execution is kept 90 days after it closes (StepFunctionsOptions.StandardExecutionRetention), on
        // the API's clock; asl run's virtual clock jumps over a Wait of 200 days at once, and must not take the store's
        // other executions with it: the first name is still taken afterwards.
        var store = Path.Combine(Dir, "s.db");
        var pass = CliRunner.TempFile(PassMachine);
        Assert.Equal(0, CliRunner.Run("run", pass, "--input", """{"a":1,"b":1}""", "--store", store, "--name", "early").ExitCode);
        var wait = CliRunner.TempFile("""{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":17280000,"End":true}}}""");
        Assert.Equal(0, CliRunner.Run("run", wait, "--input", "{}", "--store", store, "--name", "later").ExitCode);

        var (exit, _, error) = CliRunner.Run("run", pass, "--input", """{"a":9,"b":9}""", "--store", store, "--name", "early");
        Assert.Equal(1, exit);
        Assert.Contains("ExecutionAlreadyExists", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_name_with_another_input_is_refused()
    {
        var file = CliRunner.TempFile(PassMachine);
        var store = Path.Combine(Dir, "s.db");
        Assert.Equal(0, CliRunner.Run("run", file, "--input", """{"a":1,"b":1}""", "--store", store, "--name", "n").ExitCode);
        var (exit, output, error) = CliRunner.Run("run", file, "--input", """{"a":9,"b":9}""", "--store", store, "--name", "n");
        Assert.Equal(1, exit);
        Assert.Equal(string.Empty, output);
        Assert.Contains("ExecutionAlreadyExists", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Express_with_a_store_is_a_usage_error()
    {
        var (exit, _, error) = CliRunner.Run("run", CliRunner.TempFile(PassMachine), "--type", "EXPRESS", "--store", Path.Combine(Dir, "s.db"));
        Assert.Equal(2, exit);
        Assert.Contains("--store", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_store_that_is_not_a_database_fails_with_the_file_named()
    {
        var store = Path.Combine(Dir, "junk.db");
        File.WriteAllText(store, new string('x', 5000));
        var (exit, _, error) = CliRunner.Run("run", CliRunner.TempFile(PassMachine), "--store", store);
        Assert.Equal(1, exit);
        Assert.Contains(store, error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_store_path_is_a_usage_error()
    {
        var (exit, output, error) = CliRunner.Run("run", CliRunner.TempFile(PassMachine), "--store", "");
        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, output);
        Assert.Equal("asl: --store needs the path of a SQLite file." + Environment.NewLine, error);
    }

    [Theory]
    [InlineData("a:b")]
    [InlineData("two words")]
    [InlineData("")]
    public void A_name_AWS_would_refuse_is_a_usage_error_naming_the_option(string name)
    {
        var store = Path.Combine(Dir, "s.db");
        var (exit, output, error) = CliRunner.Run("run", CliRunner.TempFile(PassMachine), "--store", store, "--name", name);
        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, output);
        Assert.StartsWith("asl: --name '" + name + "' is not a valid execution name: 1 to 80 characters", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.False(File.Exists(store), "nothing was written");
    }

    [Fact]
    public void A_file_whose_name_is_not_a_valid_state_machine_name_is_a_usage_error_naming_the_file()
    {
        var file = Path.Combine(Dir, "my machine.asl.json");
        File.WriteAllText(file, PassMachine);
        var (exit, output, error) = CliRunner.Run("run", file, "--store", Path.Combine(Dir, "s.db"));
        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, output);
        Assert.Contains("'my machine' (from " + file + ") is not a valid state machine name", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_store_whose_machine_of_that_name_is_EXPRESS_is_refused_saying_so()
    {
        var store = Path.Combine(Dir, "s.db");
        var file = Path.Combine(Dir, "orders.asl.json");
        File.WriteAllText(file, PassMachine);
        await using (var sqlite = AslCompiler.Sqlite.SqliteStepFunctionsStore.Open(store))
        {
            var sfn = new AslCompiler.Runtime.Api.LocalStepFunctions(new AslCompiler.Runtime.Api.StepFunctionsOptions { Store = sqlite });
            await sfn.RecoverAsync();
            await sfn.CreateStateMachineAsync(new AslCompiler.Runtime.Api.CreateStateMachineRequest
            {
                Name = "orders",
                Definition = PassMachine,
                RoleArn = "arn:aws:iam::123456789012:role/R",
                Type = AslCompiler.Runtime.Api.StateMachineType.Express,
            });
            await sfn.ShutdownAsync();
        }

        var (exit, output, error) = CliRunner.Run("run", file, "--store", store, "--name", "n");
        Assert.Equal(1, exit);
        Assert.Equal(string.Empty, output);
        Assert.Equal("asl: StateMachineTypeNotSupported: State machine 'orders' in " + store + " is EXPRESS; --store runs STANDARD executions (use another --store or rename the file)." + Environment.NewLine, error);
    }

    [Theory]
    [InlineData("UPDATE executions SET status = 'Paused';", "is corrupt: the executions row")]
    [InlineData("UPDATE resources SET json = '{not json';", "is corrupt: its resources row")]
    public void A_store_that_fails_after_it_opens_is_one_line_naming_the_file_not_a_stack_trace(string corrupt, string expected)
    {
        var file = CliRunner.TempFile(PassMachine);
        var store = Path.Combine(Dir, "s.db");
        Assert.Equal(0, CliRunner.Run("run", file, "--input", """{"a":1,"b":1}""", "--store", store, "--name", "n").ExitCode);
        using (var connection = new SqliteConnection("Data Source=" + store + ";Pooling=false"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = corrupt;
            command.ExecuteNonQuery();
        }

        var (exit, output, error) = CliRunner.Run("run", file, "--input", """{"a":1,"b":1}""", "--store", store, "--name", "n");
        Assert.Equal(1, exit);
        Assert.Equal(string.Empty, output);
        Assert.StartsWith("asl: SQLite store '" + store + "' " + expected, error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public void Ctrl_C_before_the_execution_starts_exits_130_saying_so()
    {
        // Cancelled before the run: the store's recovery is what Ctrl-C interrupts.
        using var interrupted = new CancellationTokenSource();
        interrupted.Cancel();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var store = Path.Combine(Dir, "s.db");
        var file = Path.Combine(Dir, "m.asl.json");
        File.WriteAllText(file, PassMachine);
        var exit = Commands.DurableRun.Execute(
            new Commands.RunCommand.RunArguments(file, null, null, null, "STANDARD", false, false, store, "n"),
            PassMachine,
            JsonValue.Parse("""{"a":1,"b":1}"""),
            null,
            null,
            output,
            error,
            null,
            interrupted.Token);
        Assert.Equal(130, exit);
        Assert.Equal(string.Empty, output.ToString());
        Assert.Equal("asl: interrupted before execution n was started or resumed; run the same command (same --store and --name) to run it." + Environment.NewLine, error.ToString());

        // Nothing was started: the same command runs it.
        var (again, result, started) = CliRunner.Run("run", file, "--input", """{"a":1,"b":1}""", "--store", store, "--name", "n");
        Assert.Equal(0, again);
        Assert.StartsWith("asl: started execution n ", started, StringComparison.Ordinal);
        Assert.Equal(JsonValue.Parse("2"), JsonValue.Parse(result)["output"]["sum"]);
    }

    [Fact]
    public async Task A_store_that_fills_up_mid_run_is_a_store_error_and_the_execution_stays_RUNNING_to_resume()
    {
        // The second state's output (200 KB) needs more pages than the file may grow by: its commit fails as on a full
        // disk. The execution did not fail, and the store still holds it RUNNING: asl says so (one line, exit 1), and
        // the same command resumes it once the store can be written.
        const string Filling = """
            {"QueryLanguage":"JSONata","StartAt":"Small","States":{
              "Small":{"Type":"Pass","Output":{"n":1},"Next":"Big"},
              "Big":{"Type":"Pass","Output":"{% $pad('', 200000, 'x') %}","Next":"Done"},
              "Done":{"Type":"Pass","Output":{"done":true},"End":true}}}
            """;
        var store = Path.Combine(Dir, "s.db");
        var file = Path.Combine(Dir, "filling.asl.json");
        File.WriteAllText(file, Filling);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = Commands.DurableRun.Execute(
            new Commands.RunCommand.RunArguments(file, null, null, null, "STANDARD", false, false, store, "n"),
            Filling,
            JsonValue.Parse("{}"),
            null,
            null,
            output,
            error,
            (path, options) => AslCompiler.Sqlite.SqliteStepFunctionsStore.Open(path, new AslCompiler.Sqlite.SqliteStoreOptions { TimeProvider = options.TimeProvider, GrowthLimitPages = 20 }),
            CancellationToken.None);

        Assert.Equal(1, exit);
        Assert.Equal(string.Empty, output.ToString());
        var lines = error.ToString().TrimEnd().Split(Environment.NewLine);
        Assert.StartsWith("asl: started execution n ", lines[0], StringComparison.Ordinal);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("asl: SQLite store '" + store + "' cannot grow (disk full): ", lines[1], StringComparison.Ordinal);
        Assert.EndsWith("; execution n stays RUNNING in the store: run the same command (same --store and --name) to resume it.", lines[1], StringComparison.Ordinal);

        await using (var sqlite = AslCompiler.Sqlite.SqliteStepFunctionsStore.Open(store))
        {
            var stored = Assert.Single(await sqlite.LoadExecutionsAsync(CancellationToken.None));
            Assert.Equal(AslCompiler.Runtime.Api.ExecutionStatus.Running, stored.Status);
        }

        var (again, result, resumed) = CliRunner.Run("run", file, "--store", store, "--name", "n", "--history");
        Assert.True(again == 0, resumed);
        Assert.True(resumed.StartsWith("asl: resuming execution n.", StringComparison.Ordinal), resumed);
        var printed = JsonValue.Parse(result);
        Assert.Equal("SUCCEEDED", printed["status"].GetString());
        Assert.Equal(JsonValue.Parse("""{"done":true}"""), printed["output"]);
        var events = printed["events"].GetArray();
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (double)i), events.Select(e => e["id"].GetDouble()));
        Assert.Equal("ExecutionSucceeded", events[^1]["type"].GetString());
    }

    [Fact]
    public void A_failed_execution_exits_1_with_its_error()
    {
        var failing = """{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"Boom","Cause":"it broke"}}}""";
        var (exit, output, _) = CliRunner.Run("run", CliRunner.TempFile(failing), "--store", Path.Combine(Dir, "s.db"));
        Assert.Equal(1, exit);
        var result = JsonValue.Parse(output);
        Assert.Equal("FAILED", result["status"].GetString());
        Assert.Equal("Boom", result["error"].GetString());
        Assert.Equal("it broke", result["cause"].GetString());
    }

    [Fact]
    public async Task A_store_run_resumes_only_its_own_execution_not_the_others_the_store_holds()
    {
        // Another execution, left RUNNING in a 1,000 s Wait by an API that shut down: the command's virtual clock used to
        // resume it too and run its Wait at once, ending it SUCCEEDED in the future while nobody asked for it.
        var store = Path.Combine(Dir, "s.db");
        var file = Path.Combine(Dir, "waiter.asl.json");
        File.WriteAllText(file, WaitMachine.Replace("\"Seconds\":6", "\"Seconds\":1000", StringComparison.Ordinal));
        string otherArn;
        await using (var sqlite = AslCompiler.Sqlite.SqliteStepFunctionsStore.Open(store))
        {
            var sfn = new AslCompiler.Runtime.Api.LocalStepFunctions(new AslCompiler.Runtime.Api.StepFunctionsOptions { Store = sqlite });
            await sfn.RecoverAsync();
            var machine = await sfn.CreateStateMachineAsync(new AslCompiler.Runtime.Api.CreateStateMachineRequest
            {
                Name = "waiter",
                Definition = File.ReadAllText(file),
                RoleArn = "arn:aws:iam::123456789012:role/R",
            });
            otherArn = (await sfn.StartExecutionAsync(new AslCompiler.Runtime.Api.StartExecutionRequest { StateMachineArn = machine.StateMachineArn, Name = "other", Input = "{}" })).ExecutionArn;
            await sfn.ShutdownAsync();
        }

        var (exit, output, error) = CliRunner.Run("run", file, "--store", store, "--name", "mine");
        Assert.True(exit == 0, error);
        Assert.Equal("SUCCEEDED", JsonValue.Parse(output)["status"].GetString());

        await using (var sqlite = AslCompiler.Sqlite.SqliteStepFunctionsStore.Open(store))
        {
            var stored = await sqlite.LoadExecutionsAsync(CancellationToken.None);
            Assert.Equal(AslCompiler.Runtime.Api.ExecutionStatus.Running, stored.Single(e => e.ExecutionArn == otherArn).Status);
        }
    }

    [Fact]
    public async Task A_run_killed_mid_wait_is_resumed_by_the_same_command()
    {
        var file = Path.Combine(Dir, "waiter.asl.json");
        File.WriteAllText(file, WaitMachine);
        var store = Path.Combine(Dir, "s.db");
        string[] args = ["run", file, "--input", """{"n":1}""", "--store", store, "--name", "resume-me", "--real-time", "--history"];

        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "asl.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using (var child = Process.Start(start)!)
        {
            // The execution is started once asl says so; its first Pass takes no time, so the 6 s Wait has begun.
            var started = Task.Run(async () =>
            {
                while (await child.StandardError.ReadLineAsync() is { } line)
                {
                    if (line.StartsWith("asl: started execution resume-me", StringComparison.Ordinal))
                    {
                        return true;
                    }
                }

                return false;
            });
            Assert.True(await started.WaitAsync(TimeSpan.FromSeconds(60)), "asl did not start the execution");
            await Task.Delay(2000);
            Assert.False(child.HasExited, "asl ended before it was killed");
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync();
        }

        var resumed = Stopwatch.StartNew();
        var (exit, output, error) = CliRunner.Run(args);
        resumed.Stop();
        Assert.True(exit == 0, error);
        var result = JsonValue.Parse(output);
        Assert.Equal("SUCCEEDED", result["status"].GetString());
        Assert.Equal(JsonValue.Parse("""{"n":1,"before":"before","after":"after"}"""), result["output"]);

        // The wait kept its due time: the second run waited only for what was left of it (a restarted wait takes 6 s).
        Assert.True(resumed.Elapsed < TimeSpan.FromSeconds(5.9), "the resumed run took " + resumed.Elapsed);
        var events = result["events"].GetArray();
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (double)i), events.Select(e => e["id"].GetDouble()));
        Assert.Equal(
            ["ExecutionStarted", "PassStateEntered", "PassStateExited", "WaitStateEntered", "WaitStateExited", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"],
            events.Select(e => e["type"].GetString()));
    }
}
