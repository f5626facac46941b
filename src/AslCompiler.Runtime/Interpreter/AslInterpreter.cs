using System;
using System.Collections.Generic;
using System.Linq;
using AslCompiler.Language.Json;
using AslCompiler.Language.Model;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.Interpreter;

/// <summary>
/// The interpreter front end: compiles a definition once into a <see cref="StateMachineProgram"/> (paths, templates
/// and Choice rules parsed once into delegates) that <see cref="ExecutionKernel"/> runs any number of times.
/// </summary>
public static class AslInterpreter
{
    /// <summary>Reads and compiles a definition; throws <see cref="AslCompilationException"/> with the reader's errors.</summary>
    public static StateMachineProgram Compile(string definitionJson)
    {
        ArgumentNullException.ThrowIfNull(definitionJson);
        var parsed = AslDefinitionReader.Read(definitionJson);
        if (parsed.Definition is null)
        {
            throw new AslCompilationException(string.Join("; ", parsed.Diagnostics.Select(d => d.Message)));
        }

        return Compile(parsed.Definition, definitionJson);
    }

    /// <summary>Compiles a definition read by <see cref="AslDefinitionReader"/>.</summary>
    public static StateMachineProgram Compile(StateMachineDefinition definition, string? definitionText = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        GraphProgram root;
        try
        {
            root = CompileGraph(definition);
        }
        catch (InvalidOperationException e)
        {
            // A value nested deeper than a payload may (JsonValue.FromSyntax), in a definition read with a raised
            // JSON depth limit.
            throw new AslCompilationException(e.Message, e);
        }

        return new StateMachineProgram(root, definition.TimeoutSeconds, definition.EffectiveQueryLanguage, definitionText ?? definition.Syntax.ToJsonString());
    }

    private static GraphProgram CompileGraph(StateGraph graph)
    {
        if (graph.StartAt is null)
        {
            throw new AslCompilationException("The state graph has no StartAt.");
        }

        var states = new List<StateProgram>(graph.States.Count);
        foreach (var state in graph.States)
        {
            states.Add(CompileState(state));
        }

        try
        {
            return new GraphProgram(graph.StartAt, states);
        }
        catch (InvalidOperationException e)
        {
            throw new AslCompilationException(e.Message);
        }
    }

    private static StateProgram CompileState(State state)
    {
        if (state.EffectiveQueryLanguage == QueryLanguage.Jsonata)
        {
            return JsonataStates.Compile(state, CompileGraph);
        }

        var usesContext = state.Syntax.ToJsonString().Contains("$$", StringComparison.Ordinal);
        switch (state)
        {
            case PassState pass:
                return new PassProgram(pass.Name)
                {
                    NextName = pass.Next,
                    UsesContextObject = usesContext,
                    InputPath = JsonPathFields.InputOrOutputPath(pass.InputPath),
                    OutputPath = JsonPathFields.InputOrOutputPath(pass.OutputPath),
                    Parameters = JsonPathFields.Template(pass.Parameters),
                    Result = pass.Result is null ? default : JsonValue.FromSyntax(pass.Result),
                    ResultPath = JsonPathFields.ResultPath(pass.ResultPath),
                    Assign = JsonPathFields.Assign(pass.Assign),
                };
            case TaskState task:
                return new TaskProgram(task.Name, task.Resource ?? string.Empty)
                {
                    NextName = task.Next,
                    UsesContextObject = usesContext,
                    InputPath = JsonPathFields.InputOrOutputPath(task.InputPath),
                    OutputPath = JsonPathFields.InputOrOutputPath(task.OutputPath),
                    Parameters = JsonPathFields.Template(task.Parameters),
                    ResultSelector = JsonPathFields.Template(task.ResultSelector),
                    ResultPath = JsonPathFields.ResultPath(task.ResultPath),
                    Assign = JsonPathFields.Assign(task.Assign),
                    TimeoutSeconds = JsonPathFields.NumberOrPath(task.TimeoutSeconds, task.TimeoutSecondsPath),
                    HeartbeatSeconds = JsonPathFields.NumberOrPath(task.HeartbeatSeconds, task.HeartbeatSecondsPath),
                    Credentials = JsonPathFields.Template(task.Credentials),
                    Retry = CompileRetry(task.Retry),
                    Catch = CompileCatch(task.Catch),
                };
            case ChoiceState choice:
                var branches = new List<ChoiceBranchProgram>();
                foreach (var rule in choice.Choices ?? [])
                {
                    branches.Add(new ChoiceBranchProgram(ChoiceConditions.Compile(JsonValue.FromSyntax(rule.Syntax)), rule.Next ?? string.Empty)
                    {
                        Assign = JsonPathFields.Assign(rule.Assign),
                    });
                }

                return new ChoiceProgram(choice.Name, branches, choice.Default)
                {
                    UsesContextObject = usesContext,
                    InputPath = JsonPathFields.InputOrOutputPath(choice.InputPath),
                    OutputPath = JsonPathFields.InputOrOutputPath(choice.OutputPath),
                    Assign = JsonPathFields.Assign(choice.Assign),
                };
            case WaitState wait:
                var target = JsonPathFields.NumberOrPath(wait.Seconds, wait.SecondsPath)
                    ?? JsonPathFields.StringOrPath(wait.Timestamp, wait.TimestampPath)
                    ?? JsonPathFields.Fail(StatesErrors.Runtime, "The Wait state '" + wait.Name + "' has no Seconds or Timestamp.");
                return new WaitProgram(wait.Name, target)
                {
                    NextName = wait.Next,
                    UsesContextObject = usesContext,
                    SecondsPath = wait.Seconds is null ? wait.SecondsPath : null,
                    TimestampPath = wait.Seconds is null && wait.SecondsPath is null && wait.Timestamp is null ? wait.TimestampPath : null,
                    InputPath = JsonPathFields.InputOrOutputPath(wait.InputPath),
                    OutputPath = JsonPathFields.InputOrOutputPath(wait.OutputPath),
                    Assign = JsonPathFields.Assign(wait.Assign),
                };
            case SucceedState succeed:
                return new SucceedProgram(succeed.Name)
                {
                    UsesContextObject = usesContext,
                    InputPath = JsonPathFields.InputOrOutputPath(succeed.InputPath),
                    OutputPath = JsonPathFields.InputOrOutputPath(succeed.OutputPath),
                };
            case FailState fail:
                return new FailProgram(fail.Name)
                {
                    UsesContextObject = usesContext,
                    Error = JsonPathFields.StringOrPath(fail.Error, fail.ErrorPath),
                    Cause = JsonPathFields.StringOrPath(fail.Cause, fail.CausePath),
                    ErrorPath = fail.Error is null ? fail.ErrorPath : null,
                    CausePath = fail.Cause is null ? fail.CausePath : null,
                };
            case ParallelState parallel:
                return new ParallelProgram(parallel.Name, (parallel.Branches ?? []).Select(CompileGraph).ToArray())
                {
                    NextName = parallel.Next,
                    UsesContextObject = usesContext,
                    InputPath = JsonPathFields.InputOrOutputPath(parallel.InputPath),
                    OutputPath = JsonPathFields.InputOrOutputPath(parallel.OutputPath),
                    Parameters = JsonPathFields.Template(parallel.Parameters),
                    ResultSelector = JsonPathFields.Template(parallel.ResultSelector),
                    ResultPath = JsonPathFields.ResultPath(parallel.ResultPath),
                    Assign = JsonPathFields.Assign(parallel.Assign),
                    Retry = CompileRetry(parallel.Retry),
                    Catch = CompileCatch(parallel.Catch),
                };
            case MapState map:
                return CompileMap(map, usesContext);
            default:
                throw new AslCompilationException("The state '" + state.Name + "' has an unknown Type.");
        }
    }

    private static MapProgram CompileMap(MapState map, bool usesContext)
    {
        var processor = map.Processor ?? throw new AslCompilationException("The Map state '" + map.Name + "' has no ItemProcessor.");
        var distributed = processor.EffectiveMode == ProcessorMode.Distributed;
        ItemReaderProgram? reader = null;
        if (map.ItemReader is { } itemReader)
        {
            var config = itemReader.ReaderConfig;
            reader = new ItemReaderProgram(itemReader.Resource ?? string.Empty)
            {
                Parameters = JsonPathFields.Template(itemReader.Parameters),
                ReaderConfig = config is null ? JsonValue.EmptyObject : JsonValue.FromSyntax(config.Syntax),
                MaxItems = config is null ? null : JsonPathFields.NumberOrPath(config.MaxItems, config.MaxItemsPath),
            };
        }

        ItemBatcherProgram? batcher = null;
        if (map.ItemBatcher is { } itemBatcher)
        {
            batcher = new ItemBatcherProgram
            {
                MaxItemsPerBatch = JsonPathFields.NumberOrPath(itemBatcher.MaxItemsPerBatch, itemBatcher.MaxItemsPerBatchPath),
                MaxInputBytesPerBatch = JsonPathFields.NumberOrPath(itemBatcher.MaxInputBytesPerBatch, itemBatcher.MaxInputBytesPerBatchPath),
                BatchInput = JsonPathFields.Template(itemBatcher.BatchInput),
            };
        }

        return new MapProgram(map.Name, CompileGraph(processor))
        {
            NextName = map.Next,
            UsesContextObject = usesContext,
            IsDistributed = distributed,
            ChildExecutionType = processor.ProcessorConfig?.ExecutionType ?? ExecutionType.Standard,
            InputPath = JsonPathFields.InputOrOutputPath(map.InputPath),
            OutputPath = JsonPathFields.InputOrOutputPath(map.OutputPath),
            Items = map.ItemsPath is { } itemsPath && itemsPath != "$" ? JsonPathFields.Path(itemsPath) : null,
            ItemSelector = JsonPathFields.Template(map.ItemSelector ?? map.Parameters),
            ItemReader = reader,
            ItemBatcher = batcher,
            ResultWriter = map.ResultWriter is { } writer
                ? new ResultWriterProgram(writer.Resource)
                {
                    Parameters = JsonPathFields.Template(writer.Parameters),
                    WriterConfig = writer.WriterConfig is { } writerConfig ? JsonValue.FromSyntax(writerConfig.Syntax) : default,
                }
                : null,
            MaxConcurrency = JsonPathFields.NumberOrPath(map.MaxConcurrency, map.MaxConcurrencyPath),
            ToleratedFailureCount = JsonPathFields.NumberOrPath(map.ToleratedFailureCount, map.ToleratedFailureCountPath),
            ToleratedFailurePercentage = JsonPathFields.NumberOrPath(map.ToleratedFailurePercentage, map.ToleratedFailurePercentagePath),
            MaxConcurrencyPath = map.MaxConcurrency is null ? map.MaxConcurrencyPath : null,
            ToleratedFailureCountPath = map.ToleratedFailureCount is null ? map.ToleratedFailureCountPath : null,
            ToleratedFailurePercentagePath = map.ToleratedFailurePercentage is null ? map.ToleratedFailurePercentagePath : null,
            Label = map.Label,
            ResultSelector = JsonPathFields.Template(map.ResultSelector),
            ResultPath = JsonPathFields.ResultPath(map.ResultPath),
            Assign = JsonPathFields.Assign(map.Assign),
            Retry = CompileRetry(map.Retry),
            Catch = CompileCatch(map.Catch),
        };
    }

    internal static RetryPolicy[]? CompileRetry(IReadOnlyList<Retrier>? retriers) =>
        retriers?.Select(r => new RetryPolicy(
            r.ErrorEquals ?? [],
            r.IntervalSeconds ?? 1,
            (int)Math.Min(r.MaxAttempts ?? 3, int.MaxValue),
            (double)(r.BackoffRate ?? 2m),
            r.MaxDelaySeconds,
            r.JitterStrategy ?? JitterStrategy.None)).ToArray();

    private static CatchPolicy[]? CompileCatch(IReadOnlyList<Catcher>? catchers) =>
        catchers?.Select(c => new CatchPolicy(
            c.ErrorEquals ?? [],
            c.Next ?? string.Empty,
            JsonPathFields.ResultPath(c.ResultPath),
            JsonPathFields.Assign(c.Assign))).ToArray();
}

/// <summary>A definition that cannot be compiled for execution (missing states, unknown types ...).</summary>
public sealed class AslCompilationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AslCompilationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public AslCompilationException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public AslCompilationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
