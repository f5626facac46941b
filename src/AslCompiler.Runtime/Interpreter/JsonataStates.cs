using System;
using System.Collections.Generic;
using System.Linq;
using AslCompiler.Language.Model;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.Interpreter;

/// <summary>
/// Compiles JSONata states into the same programs as JSONPath states: Arguments fill the Parameters slot, Output the
/// ResultPath slot (a combiner over <c>$states.input</c> and <c>$states.result</c>), Items/ItemSelector/Condition/
/// Seconds/Timestamp/Error/Cause their own slots. The kernel runs both alike.
/// </summary>
internal static class JsonataStates
{
    public static StateProgram Compile(State state, Func<StateGraph, GraphProgram> compileGraph)
    {
        var text = state.Syntax.ToJsonString();
        // "$states" read whole (not "$states.input") carries the context object too.
        var usesContext = text.Contains("context", StringComparison.Ordinal) || System.Text.RegularExpressions.Regex.IsMatch(text, @"\$states(?![.\w])");
        var fields = new JsonataFields(usesContext);
        switch (state)
        {
            case PassState pass:
                return new PassProgram(pass.Name)
                {
                    NextName = pass.Next,
                    UsesContextObject = usesContext,
                    ResultPath = fields.Combiner(pass.Output, "Output", StatesBinding.Input),
                    Assign = fields.Combiner(pass.Assign, "Assign", StatesBinding.Input),
                };
            case TaskState task:
                return new TaskProgram(task.Name, task.Resource ?? string.Empty)
                {
                    NextName = task.Next,
                    UsesContextObject = usesContext,
                    Parameters = fields.Template(task.Arguments, "Arguments"),
                    ResultPath = fields.Combiner(task.Output, "Output", StatesBinding.Result),
                    Assign = fields.Combiner(task.Assign, "Assign", StatesBinding.Result),
                    TimeoutSeconds = fields.Value(task.TimeoutSeconds, "TimeoutSeconds", JsonKind.Number),
                    HeartbeatSeconds = fields.Value(task.HeartbeatSeconds, "HeartbeatSeconds", JsonKind.Number),
                    Credentials = fields.Template(task.Credentials, "Credentials"),
                    Retry = AslInterpreter.CompileRetry(task.Retry),
                    Catch = CompileCatch(task.Catch, fields),
                };
            case ChoiceState choice:
                var stateOutput = fields.Combiner(choice.Output, "Output", StatesBinding.Input);
                var stateAssign = fields.Combiner(choice.Assign, "Assign", StatesBinding.Input);
                var branches = new List<ChoiceBranchProgram>();
                foreach (var rule in choice.Choices ?? [])
                {
                    branches.Add(new ChoiceBranchProgram(fields.Condition(rule.Condition), rule.Next ?? string.Empty)
                    {
                        Assign = fields.Combiner(rule.Assign, "Assign", StatesBinding.Input) ?? stateAssign,
                        Output = fields.Combiner(rule.Output, "Output", StatesBinding.Input) ?? stateOutput,
                    });
                }

                return new ChoiceProgram(choice.Name, branches, choice.Default)
                {
                    UsesContextObject = usesContext,
                    Assign = stateAssign,
                    Output = stateOutput,
                };
            case WaitState wait:
                var target = fields.Value(wait.Seconds, "Seconds", JsonKind.Number)
                    ?? fields.Timestamp(wait.Timestamp)
                    ?? JsonPathFields.Fail(StatesErrors.Runtime, "The Wait state '" + wait.Name + "' has no Seconds or Timestamp.");
                return new WaitProgram(wait.Name, target)
                {
                    NextName = wait.Next,
                    UsesContextObject = usesContext,
                    Output = fields.Combiner(wait.Output, "Output", StatesBinding.Input),
                    Assign = fields.Combiner(wait.Assign, "Assign", StatesBinding.Input),
                };
            case SucceedState succeed:
                return new SucceedProgram(succeed.Name)
                {
                    UsesContextObject = usesContext,
                    Output = fields.Combiner(succeed.Output, "Output", StatesBinding.Input),
                };
            case FailState fail:
                return new FailProgram(fail.Name)
                {
                    UsesContextObject = usesContext,
                    Error = fields.Value(fail.Error, "Error", JsonKind.String),
                    Cause = fields.Value(fail.Cause, "Cause", JsonKind.String),
                };
            case ParallelState parallel:
                return new ParallelProgram(parallel.Name, (parallel.Branches ?? []).Select(compileGraph).ToArray())
                {
                    NextName = parallel.Next,
                    UsesContextObject = usesContext,
                    Parameters = fields.Template(parallel.Arguments, "Arguments"),
                    ResultPath = fields.Combiner(parallel.Output, "Output", StatesBinding.Result),
                    Assign = fields.Combiner(parallel.Assign, "Assign", StatesBinding.Result),
                    Retry = AslInterpreter.CompileRetry(parallel.Retry),
                    Catch = CompileCatch(parallel.Catch, fields),
                };
            case MapState map:
                return CompileMap(map, usesContext, fields, compileGraph);
            default:
                throw new AslCompilationException("The state '" + state.Name + "' has an unknown Type.");
        }
    }

    private static MapProgram CompileMap(MapState map, bool usesContext, JsonataFields fields, Func<StateGraph, GraphProgram> compileGraph)
    {
        var processor = map.Processor ?? throw new AslCompilationException("The Map state '" + map.Name + "' has no ItemProcessor.");
        ItemReaderProgram? reader = null;
        if (map.ItemReader is { } itemReader)
        {
            var config = itemReader.ReaderConfig;
            reader = new ItemReaderProgram(itemReader.Resource ?? string.Empty)
            {
                Parameters = fields.Template(itemReader.Arguments, "Arguments"),
                ReaderConfig = config is null ? JsonValue.EmptyObject : JsonValue.FromSyntax(config.Syntax),
                MaxItems = config is null ? null : fields.Value(config.MaxItems, "MaxItems", JsonKind.Number),
            };
        }

        ItemBatcherProgram? batcher = null;
        if (map.ItemBatcher is { } itemBatcher)
        {
            batcher = new ItemBatcherProgram
            {
                MaxItemsPerBatch = fields.Value(itemBatcher.MaxItemsPerBatch, "MaxItemsPerBatch", JsonKind.Number),
                MaxInputBytesPerBatch = fields.Value(itemBatcher.MaxInputBytesPerBatch, "MaxInputBytesPerBatch", JsonKind.Number),
                BatchInput = fields.Template(itemBatcher.BatchInput, "BatchInput"),
            };
        }

        return new MapProgram(map.Name, compileGraph(processor))
        {
            NextName = map.Next,
            UsesContextObject = usesContext,
            IsDistributed = processor.EffectiveMode == ProcessorMode.Distributed,
            ChildExecutionType = processor.ProcessorConfig?.ExecutionType ?? ExecutionType.Standard,
            Items = reader is null ? fields.MapItems(map.Items) : null,
            ItemSelector = fields.Template(map.ItemSelector, "ItemSelector"),
            ItemReader = reader,
            ItemBatcher = batcher,
            ResultWriter = map.ResultWriter is { } writer
                ? new ResultWriterProgram(writer.Resource)
                {
                    Parameters = fields.Template(writer.Arguments, "Arguments"),
                    WriterConfig = writer.WriterConfig is { } writerConfig ? JsonValue.FromSyntax(writerConfig.Syntax) : default,
                }
                : null,
            MaxConcurrency = fields.Value(map.MaxConcurrency, "MaxConcurrency", JsonKind.Number),
            ToleratedFailureCount = fields.Value(map.ToleratedFailureCount, "ToleratedFailureCount", JsonKind.Number),
            ToleratedFailurePercentage = fields.Value(map.ToleratedFailurePercentage, "ToleratedFailurePercentage", JsonKind.Number),
            Label = map.Label,
            ResultPath = fields.Combiner(map.Output, "Output", StatesBinding.Result),
            Assign = fields.Combiner(map.Assign, "Assign", StatesBinding.Result),
            Retry = AslInterpreter.CompileRetry(map.Retry),
            Catch = CompileCatch(map.Catch, fields),
        };
    }

    private static CatchPolicy[]? CompileCatch(IReadOnlyList<Catcher>? catchers, JsonataFields fields) =>
        catchers?.Select(c => new CatchPolicy(
            c.ErrorEquals ?? [],
            c.Next ?? string.Empty,
            fields.Combiner(c.Output, "Output", StatesBinding.ErrorOutput),
            fields.Combiner(c.Assign, "Assign", StatesBinding.ErrorOutput))).ToArray();
}
