using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;

namespace AslCompiler.Sqlite.CrashHost;

/// <summary>
/// The crash test's state machine — Task, Wait, Parallel (with a <c>.waitForTaskToken</c> callback), an inline Map, a
/// distributed Map with STANDARD child executions, Pass — its
/// handlers, and the output each execution must end with. Shared by the host process and the test that checks it.
/// </summary>
public static class CrashWorkflow
{
    /// <summary>The state machine's name.</summary>
    public const string Name = "crash";

    /// <summary>The role the state machine is created with.</summary>
    public const string RoleArn = "arn:aws:iam::123456789012:role/crash";

    private const string Lambda = "arn:aws:lambda:us-east-1:123456789012:function:";

    /// <summary>The definition, with a Wait of <paramref name="waitSeconds"/> on the real clock.</summary>
    public static string Definition(int waitSeconds) => """
        {
          "StartAt": "Prepare",
          "States": {
            "Prepare": { "Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:prepare", "Next": "Pause" },
            "Pause": { "Type": "Wait", "Seconds": WAIT, "Next": "Fan" },
            "Fan": {
              "Type": "Parallel",
              "Branches": [
                { "StartAt": "Charge", "States": { "Charge": { "Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:charge", "End": true } } },
                { "StartAt": "Approve", "States": { "Approve": {
                    "Type": "Task",
                    "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                    "Parameters": { "FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:approve", "Payload": { "token.$": "$$.Task.Token", "id.$": "$.id" } },
                    "End": true } } }
              ],
              "ResultPath": "$.fan",
              "Next": "Each"
            },
            "Each": {
              "Type": "Map",
              "ItemsPath": "$.items",
              "ItemProcessor": {
                "ProcessorConfig": { "Mode": "INLINE" },
                "StartAt": "Square",
                "States": { "Square": { "Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:square", "End": true } }
              },
              "ResultPath": "$.squares",
              "Next": "Dist"
            },
            "Dist": {
              "Type": "Map",
              "Label": "Dist",
              "ItemsPath": "$.items",
              "MaxConcurrency": 2,
              "ItemSelector": { "n.$": "$$.Map.Item.Value" },
              "ItemProcessor": {
                "ProcessorConfig": { "Mode": "DISTRIBUTED", "ExecutionType": "STANDARD" },
                "StartAt": "Cube",
                "States": { "Cube": { "Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:cube", "End": true } }
              },
              "ResultPath": "$.cubes",
              "Next": "Done"
            },
            "Done": {
              "Type": "Pass",
              "Parameters": { "id.$": "$.id", "charged.$": "$.fan[0].charged", "approved.$": "$.fan[1].approved", "squares.$": "$.squares", "cubes.$": "$.cubes" },
              "End": true
            }
          }
        }
        """.Replace("WAIT", waitSeconds.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

    /// <summary>The name of execution number <paramref name="id"/>.</summary>
    public static string ExecutionName(int id) => "e" + id.ToString("D5", CultureInfo.InvariantCulture);

    /// <summary>The input of execution number <paramref name="id"/>.</summary>
    public static string Input(int id) => "{\"id\":" + id.ToString(CultureInfo.InvariantCulture) + "}";

    /// <summary>The output execution number <paramref name="id"/> must end with.</summary>
    public static JsonValue ExpectedOutput(int id)
    {
        var (a, b, c) = Items(id);
        return JsonValue.Parse(string.Format(
            CultureInfo.InvariantCulture,
            "{{\"id\":{0},\"charged\":{1},\"approved\":{0},\"squares\":[{2},{3},{4}],\"cubes\":[{5},{6},{7}]}}",
            id,
            id * 2,
            a * a,
            b * b,
            c * c,
            a * a * a,
            b * b * b,
            c * c * c));
    }

    /// <summary>How many handler side effects one execution makes (prepare, charge, approve, three squares, three cubes).</summary>
    public const int SideEffectsPerExecution = 9;

    /// <summary>How many of them the distributed Map's child executions make (three cubes, keyed by the children's ARNs).</summary>
    public const int ChildSideEffectsPerExecution = 3;

    /// <summary>
    /// The handlers. Each applies its side effect through <paramref name="effects"/> (once per idempotency key);
    /// <c>approve</c> hands the task token to <paramref name="tokens"/> for the host to answer later.
    /// </summary>
    public static TaskHandlerRegistry Handlers(SideEffectLog effects, Action<string, int> tokens)
    {
        ArgumentNullException.ThrowIfNull(effects);
        ArgumentNullException.ThrowIfNull(tokens);
        var registry = new TaskHandlerRegistry();
        registry.Register(Lambda + "prepare", invocation =>
        {
            effects.Apply("prepare", invocation.IdempotencyKey);
            var id = Id(invocation.Input);
            var (a, b, c) = Items(id);
            return ValueTask.FromResult(JsonValue.Parse(string.Format(CultureInfo.InvariantCulture, "{{\"id\":{0},\"items\":[{1},{2},{3}]}}", id, a, b, c)));
        });
        registry.Register(Lambda + "charge", invocation =>
        {
            effects.Apply("charge", invocation.IdempotencyKey);
            return ValueTask.FromResult(JsonValue.Parse("{\"charged\":" + (Id(invocation.Input) * 2).ToString(CultureInfo.InvariantCulture) + "}"));
        });
        registry.Register(Lambda + "approve", invocation =>
        {
            effects.Apply("approve", invocation.IdempotencyKey);
            tokens(invocation.Input["token"].GetString(), Id(invocation.Input));
            return ValueTask.FromResult(JsonValue.Null);
        });
        registry.Register(Lambda + "square", invocation =>
        {
            effects.Apply("square", invocation.IdempotencyKey);
            var n = (long)invocation.Input.GetDouble();
            return ValueTask.FromResult((JsonValue)(n * n));
        });
        registry.Register(Lambda + "cube", invocation =>
        {
            effects.Apply("cube", invocation.IdempotencyKey);
            var n = (long)invocation.Input["n"].GetDouble();
            return ValueTask.FromResult((JsonValue)(n * n * n));
        });
        return registry;
    }

    /// <summary>What the callback answers for execution <paramref name="id"/>.</summary>
    public static string ApprovalOutput(int id) => "{\"approved\":" + id.ToString(CultureInfo.InvariantCulture) + "}";

    private static int Id(JsonValue input) => (int)input["id"].GetDouble();

    private static (int A, int B, int C) Items(int id) => (id % 5 + 1, id % 7 + 1, 3);
}

/// <summary>
/// Side effects made exactly once per idempotency key, the way a handler would guard a real effect: every applied
/// effect is a line <c>KIND KEY</c> appended to a file (written through to the OS before the handler returns), and a
/// key already in the file is not applied again. Also counts every call, applied or not.
/// </summary>
public sealed class SideEffectLog : IDisposable
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _applied = new(StringComparer.Ordinal);
    private readonly FileStream _file;
    private readonly StreamWriter _writer;
    private int _calls;

    /// <summary>Opens (or creates) the log in <paramref name="path"/> and reads the effects already applied.</summary>
    public SideEffectLog(string path)
    {
        foreach (var (_, key) in Read(path))
        {
            _applied.Add(key);
        }

        _file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        TruncateTornLine(_file);
        _file.Seek(0, SeekOrigin.End);
        _writer = new StreamWriter(_file) { AutoFlush = true };
    }

    /// <summary>How many handler calls asked for an effect (including repeats after a restart).</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Applies the effect of <paramref name="key"/> unless it was applied before; true when applied now.</summary>
    public bool Apply(string kind, string key)
    {
        Interlocked.Increment(ref _calls);
        lock (_gate)
        {
            if (!_applied.Add(key))
            {
                return false;
            }

            _writer.WriteLine(kind + " " + key);
            return true;
        }
    }

    /// <summary>The (kind, key) lines of a log; a torn last line (the process died while writing it) is skipped.</summary>
    public static IReadOnlyList<(string Kind, string Key)> Read(string path)
    {
        var lines = new List<(string, string)>();
        if (!File.Exists(path))
        {
            return lines;
        }

        var text = File.ReadAllText(path);
        var complete = text.EndsWith('\n') ? text : text[..(text.LastIndexOf('\n') + 1)];
        foreach (var line in complete.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0)
            {
                lines.Add((line[..space], line[(space + 1)..]));
            }
        }

        return lines;
    }

    // A line the process died while writing is cut off, so the next line does not run on from it.
    private static void TruncateTornLine(FileStream file)
    {
        var length = file.Length;
        while (length > 0)
        {
            file.Seek(length - 1, SeekOrigin.Begin);
            if (file.ReadByte() == '\n')
            {
                break;
            }

            length--;
        }

        file.SetLength(length);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _writer.Dispose();
        _file.Dispose();
    }
}
