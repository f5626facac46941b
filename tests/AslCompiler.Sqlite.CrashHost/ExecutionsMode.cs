using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using AslCompiler.Runtime.Api;
using AslCompiler.Runtime.Execution;
using ExecutionStatus = AslCompiler.Runtime.Api.ExecutionStatus;

namespace AslCompiler.Sqlite.CrashHost;

/// <summary>
/// Runs <c>COUNT</c> Standard executions of <see cref="CrashWorkflow"/> over the SQLite store and exits 0 when all
/// ended. Started again after a kill, it recovers the RUNNING executions, answers every task token it ever handed out
/// (tokens of executions that moved on are refused and ignored), starts the executions that were never started, and
/// waits. Prints <c>ready</c> once recovered and <c>all-done CALLS</c> at the end.
/// </summary>
internal static class ExecutionsMode
{
    public static async Task<int> RunAsync(string path, int count, string sideFile)
    {
        var waitSeconds = int.Parse(Environment.GetEnvironmentVariable("ASL_CRASH_WAIT_SECONDS") ?? "2", CultureInfo.InvariantCulture);
        var tokenFile = sideFile + ".tokens";
        var output = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
        var answers = Channel.CreateUnbounded<(string Token, int Id)>();
        using var effects = new SideEffectLog(sideFile);
        await using var tokens = new StreamWriter(new FileStream(tokenFile, FileMode.Append, FileAccess.Write, FileShare.Read)) { AutoFlush = true };
        var tokenGate = new Lock();

        await using var store = SqliteStepFunctionsStore.Open(path);
        var sfn = new LocalStepFunctions(new StepFunctionsOptions
        {
            Store = store,
            Execution = new ExecutionOptions
            {
                TaskHandlers = CrashWorkflow.Handlers(effects, (token, id) =>
                {
                    lock (tokenGate)
                    {
                        tokens.WriteLine(id.ToString(CultureInfo.InvariantCulture) + " " + token);
                    }

                    answers.Writer.TryWrite((token, id));
                }),
            },
        });
        await sfn.RecoverAsync().ConfigureAwait(false);
        output.WriteLine("ready");

        var answering = Task.Run(() => AnswerAsync(sfn, answers.Reader));
        foreach (var line in File.ReadAllLines(tokenFile))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0 && int.TryParse(line.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                answers.Writer.TryWrite((line[(space + 1)..], id));
            }
        }

        var machineArn = sfn.Arns.StateMachine(CrashWorkflow.Name);
        try
        {
            await sfn.CreateStateMachineAsync(new CreateStateMachineRequest
            {
                Name = CrashWorkflow.Name,
                Definition = CrashWorkflow.Definition(waitSeconds),
                RoleArn = CrashWorkflow.RoleArn,
                Type = StateMachineType.Standard,
            }).ConfigureAwait(false);
        }
        catch (StateMachineAlreadyExistsException)
        {
        }

        // Start in concurrent streams (their store writes share group commits), so kills land among starts too.
        const int Streams = 32;
        await Task.WhenAll(Enumerable.Range(0, Streams).Select(stream => Task.Run(async () =>
        {
            for (var id = stream; id < count; id += Streams)
            {
                try
                {
                    await sfn.StartExecutionAsync(new StartExecutionRequest
                    {
                        StateMachineArn = machineArn,
                        Name = CrashWorkflow.ExecutionName(id),
                        Input = CrashWorkflow.Input(id),
                    }).ConfigureAwait(false);
                }
                catch (ExecutionAlreadyExistsException)
                {
                }
            }
        }))).ConfigureAwait(false);
        output.WriteLine("started");

        while (await CountRunningAsync(sfn, machineArn).ConfigureAwait(false) > 0)
        {
            await Task.Delay(100).ConfigureAwait(false);
        }

        answers.Writer.TryComplete();
        await answering.ConfigureAwait(false);
        await sfn.ShutdownAsync().ConfigureAwait(false);
        output.WriteLine("all-done " + effects.Calls.ToString(CultureInfo.InvariantCulture));
        return 0;
    }

    private static async Task AnswerAsync(LocalStepFunctions sfn, ChannelReader<(string Token, int Id)> answers)
    {
        await foreach (var (token, id) in answers.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                await sfn.SendTaskSuccessAsync(new SendTaskSuccessRequest { TaskToken = token, Output = CrashWorkflow.ApprovalOutput(id) }).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TaskDoesNotExistException or InvalidTokenException or TaskTimedOutException)
            {
                // Answered before the restart, or its execution ended.
            }
        }
    }

    private static async Task<int> CountRunningAsync(LocalStepFunctions sfn, string machineArn)
    {
        var running = 0;
        string? next = null;
        do
        {
            var page = await sfn.ListExecutionsAsync(new ListExecutionsRequest
            {
                StateMachineArn = machineArn,
                StatusFilter = ExecutionStatus.Running,
                MaxResults = 1000,
                NextToken = next,
            }).ConfigureAwait(false);
            running += page.Executions.Count;
            next = page.NextToken;
        }
        while (next is not null);
        return running;
    }
}
