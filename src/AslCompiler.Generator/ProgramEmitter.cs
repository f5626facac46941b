using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using AslCompiler.Language.Json;
using AslCompiler.Language.JsonPath;
using AslCompiler.Language.Model;

namespace AslCompiler.Generator;

/// <summary>
/// Writes the compiled program of one definition: a method per state that builds its kernel program, and a method
/// per field (paths, payload templates, ResultPath, Choice rules) as straight C# over <c>JsonValue</c>. What is not
/// turned into code (JSONPath filters/wildcards, intrinsic calls, JSONata expressions outside what
/// <see cref="JsonataEmitter"/> compiles) is parsed once at start-up into the runtime's compiled objects. Mirrors <c>AslInterpreter</c> field by field, so both behave identically.
/// </summary>
internal sealed partial class ProgramEmitter
{
    private const string Json = "global::AslCompiler.Runtime.Json.JsonValue";
    private const string Result = "global::AslCompiler.Runtime.JsonPath.EvaluationResult";
    private const string Frame = "global::AslCompiler.Runtime.Execution.StateFrame";
    private const string Exec = "global::AslCompiler.Runtime.Execution.";
    private const string Model = "global::AslCompiler.Language.Model.";
    private const string CompiledNs = "global::AslCompiler.Runtime.Compiled.";
    private const string Expressions = CompiledNs + "CompiledExpressions";
    private const string CJson = CompiledNs + "CompiledJson";
    private const string Runtime = "States.Runtime";
    private const int MaxTemplateDepth = 512;
    private const int MaxRuleDepth = 256;

    private readonly List<string> _fields = new();
    private readonly List<IndentedSourceWriter> _methods = new();
    private readonly Dictionary<string, string> _constants = new(StringComparer.Ordinal);
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<StateGraph, string> _graphNames = new();
    private readonly Dictionary<State, string> _stateNames = new();
    private readonly IndentedSourceWriter _output;
    private readonly int _depth;
    private int _stateCount;

    private ProgramEmitter(IndentedSourceWriter output, int depth)
    {
        _output = output;
        _depth = depth;
    }

    /// <summary>Writes the nested <c>CompiledProgram</c> class (or <paramref name="name"/>) into <paramref name="w"/>.</summary>
    /// <param name="w">The writer.</param>
    /// <param name="definition">The definition.</param>
    /// <param name="depth">The writer's indentation depth.</param>
    /// <param name="hides"><c>new </c> when a base class of the class has an accessible member of the class's name, else empty.</param>
    /// <param name="name">The class's name: <c>CompiledProgram</c>, or a free one when your half of the class has that name.</param>
    /// <param name="machineName">The name its executions' state machine has when their request names none (the generated class's).</param>
    public static void Emit(IndentedSourceWriter w, StateMachineDefinition definition, int depth, string hides, string name, string machineName)
    {
        var emitter = new ProgramEmitter(w, depth + 1);
        var root = emitter.Graph(definition);
        var queryLanguage = definition.EffectiveQueryLanguage == QueryLanguage.Jsonata ? "Jsonata" : "JsonPath";
        var timeout = definition.TimeoutSeconds is { } t ? t.ToString(CultureInfo.InvariantCulture) + "L" : "null";

        w.Line("/// <summary>The definition compiled to C#: one method per state, one per path, template and Choice rule.</summary>");
        w.Line("[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]");
        var synchronous = IsSynchronous(definition);
        var runner = emitter.Runner(definition, asynchronous: !synchronous);
        w.Open("private static " + hides + "class " + name);
        foreach (var field in emitter._fields)
        {
            w.Line(field);
        }

        w.Line();
        w.Line("/// <summary>Builds the program the kernel runs, with its states also as one " + (synchronous ? "synchronous" : "asynchronous") + " method (used when history is off).</summary>");
        w.Open("internal static " + Exec + "StateMachineProgram Build()");
        w.Line(Exec + "GraphProgram root = " + root + "();");
        w.Line("return new " + Exec + "StateMachineProgram(root, " + timeout + ", " + Model + "QueryLanguage." + queryLanguage + ", Definition)");
        w.Line("{");
        w.Line(synchronous ? "    SynchronousRoot = new " + runner + "(root).Run," : "    AsynchronousRoot = new " + runner + "(root).RunAsync,");
        w.Line("    HandlerScope = DefinitionHash,");
        w.Line("    Name = " + AslGenerator.StringLiteral(machineName) + ",");
        w.Line("};");
        w.Close();

        foreach (var method in emitter._methods)
        {
            w.Line();
            w.Raw(method);
        }

        emitter.WriteRecords(w);
        w.Close();
    }

    // ---- graphs and states ----

    private string Graph(StateGraph graph)
    {
        var states = new List<string>();
        foreach (var state in graph.States)
        {
            states.Add(State(state) + "()");
        }

        var name = Unique("Graph");
        _graphNames[graph] = name;
        var m = Method();
        m.Line("private static " + Exec + "GraphProgram " + name + "() => new " + Exec + "GraphProgram(");
        m.Line("    " + Literal(graph.StartAt ?? string.Empty) + ",");
        m.Line("    new " + Exec + "StateProgram[] { " + string.Join(", ", states) + " });");
        return name;
    }

    /// <summary>The prefix of a state's methods (<c>State3_</c> of <c>State3_PriceItems</c>): its number across the definition.</summary>
    private static string MethodPrefix(string stateName) => stateName.Substring(0, stateName.IndexOf('_') + 1);

    private string State(State state)
    {
        var name = Unique("State" + (++_stateCount).ToString(CultureInfo.InvariantCulture) + "_" + CSharpIdentifiers.ToPascalCase(state.Name, "State").TrimStart('@'));
        _stateNames[state] = name;
        var prefix = MethodPrefix(name);
        var fields = new List<string>();
        var locals = new List<string>();
        string creation;
        if (state.EffectiveQueryLanguage == QueryLanguage.Jsonata)
        {
            creation = JsonataState(state, prefix, fields, locals);
        }
        else
        {
            creation = JsonPathState(state, prefix, fields);
        }

        _stateFields[state] = fields;
        var m = Method();
        m.Line("/// <summary>The state <c>" + Xml(state.Name) + "</c> (" + state.Type + ").</summary>");
        m.Open("private static " + Exec + "StateProgram " + name + "()");
        foreach (var local in locals)
        {
            m.Line(local);
        }

        m.Line("return new " + Exec + creation);
        m.Line("{");
        foreach (var field in fields)
        {
            m.Line("    " + field + ",");
        }

        m.Line("};");
        m.Close();
        return name;
    }

    private string JsonPathState(State state, string p, List<string> f)
    {
        var usesContext = JsonSyntaxSearch.ContainsVerbatim(state.Syntax, "$$");
        Add(f, "NextName", state.Next is null ? null : Literal(state.Next));
        Add(f, "UsesContextObject", usesContext ? "true" : null);
        switch (state)
        {
            case PassState pass:
                Add(f, "InputPath", InputOrOutputPath(pass.InputPath, p + "InputPath"));
                Add(f, "OutputPath", InputOrOutputPath(pass.OutputPath, p + "OutputPath"));
                Add(f, "Parameters", Template(pass.Parameters, p + "Parameters"));
                Add(f, "Result", pass.Result is null ? null : Constant(pass.Result));
                Add(f, "ResultPath", ResultPath(pass.ResultPath, p + "ResultPath"));
                Add(f, "Assign", Assign(pass.Assign, p + "Assign"));
                return "PassProgram(" + Literal(pass.Name) + ")";
            case TaskState task:
                Add(f, "InputPath", InputOrOutputPath(task.InputPath, p + "InputPath"));
                Add(f, "OutputPath", InputOrOutputPath(task.OutputPath, p + "OutputPath"));
                Add(f, "Parameters", Template(task.Parameters, p + "Parameters"));
                Add(f, "ResultSelector", Template(task.ResultSelector, p + "ResultSelector"));
                Add(f, "ResultPath", ResultPath(task.ResultPath, p + "ResultPath"));
                Add(f, "Assign", Assign(task.Assign, p + "Assign"));
                Add(f, "TimeoutSeconds", NumberOrPath(task.TimeoutSeconds, task.TimeoutSecondsPath, p + "TimeoutSeconds"));
                Add(f, "HeartbeatSeconds", NumberOrPath(task.HeartbeatSeconds, task.HeartbeatSecondsPath, p + "HeartbeatSeconds"));
                Add(f, "Credentials", Template(task.Credentials, p + "Credentials"));
                Add(f, "Retry", Retry(task.Retry));
                Add(f, "Catch", Catch(task.Catch, p, null));
                return "TaskProgram(" + Literal(task.Name) + ", " + Literal(task.Resource ?? string.Empty) + ")";
            case ChoiceState choice:
                var branches = new List<string>();
                var index = 0;
                foreach (var rule in choice.Choices ?? (IReadOnlyList<ChoiceRule>)Array.Empty<ChoiceRule>())
                {
                    index++;
                    var rp = p + "Choice" + index.ToString(CultureInfo.InvariantCulture);
                    var condition = Rule(rule.Syntax, rp, 0);
                    var assign = Assign(rule.Assign, rp + "_Assign");
                    Branch(choice, condition, assign, rule.Next);
                    branches.Add("new " + Exec + "ChoiceBranchProgram(" + condition + ", " + Literal(rule.Next ?? string.Empty) + ")" +
                        (assign is null ? string.Empty : " { Assign = " + assign + " }"));
                }

                Add(f, "InputPath", InputOrOutputPath(choice.InputPath, p + "InputPath"));
                Add(f, "OutputPath", InputOrOutputPath(choice.OutputPath, p + "OutputPath"));
                Add(f, "Assign", Assign(choice.Assign, p + "Assign"));
                return "ChoiceProgram(" + Literal(choice.Name) + ", " + BranchArray(p, branches, new List<(string Type, string Name)>()) + ", " +
                    (choice.Default is null ? "null" : Literal(choice.Default)) + ")";
            case WaitState wait:
                var target = NumberOrPath(wait.Seconds, wait.SecondsPath, p + "Seconds")
                    ?? NumberOrPath(wait.Timestamp, wait.TimestampPath, p + "Timestamp")
                    ?? Fail(Runtime, "The Wait state '" + wait.Name + "' has no Seconds or Timestamp.");
                Add(f, "SecondsPath", wait.Seconds is null && wait.SecondsPath is { } secondsPath ? Literal(secondsPath) : null);
                Add(f, "TimestampPath", wait.Seconds is null && wait.SecondsPath is null && wait.Timestamp is null && wait.TimestampPath is { } timestampPath ? Literal(timestampPath) : null);
                Add(f, "InputPath", InputOrOutputPath(wait.InputPath, p + "InputPath"));
                Add(f, "OutputPath", InputOrOutputPath(wait.OutputPath, p + "OutputPath"));
                Add(f, "Assign", Assign(wait.Assign, p + "Assign"));
                return "WaitProgram(" + Literal(wait.Name) + ", " + target + ")";
            case SucceedState succeed:
                Add(f, "InputPath", InputOrOutputPath(succeed.InputPath, p + "InputPath"));
                Add(f, "OutputPath", InputOrOutputPath(succeed.OutputPath, p + "OutputPath"));
                return "SucceedProgram(" + Literal(succeed.Name) + ")";
            case FailState fail:
                Add(f, "Error", NumberOrPath(fail.Error, fail.ErrorPath, p + "Error"));
                Add(f, "Cause", NumberOrPath(fail.Cause, fail.CausePath, p + "Cause"));
                Add(f, "ErrorPath", fail.Error is null && fail.ErrorPath is { } errorPath ? Literal(errorPath) : null);
                Add(f, "CausePath", fail.Cause is null && fail.CausePath is { } causePath ? Literal(causePath) : null);
                return "FailProgram(" + Literal(fail.Name) + ")";
            case ParallelState parallel:
                Add(f, "InputPath", InputOrOutputPath(parallel.InputPath, p + "InputPath"));
                Add(f, "OutputPath", InputOrOutputPath(parallel.OutputPath, p + "OutputPath"));
                Add(f, "Parameters", Template(parallel.Parameters, p + "Parameters"));
                Add(f, "ResultSelector", Template(parallel.ResultSelector, p + "ResultSelector"));
                Add(f, "ResultPath", ResultPath(parallel.ResultPath, p + "ResultPath"));
                Add(f, "Assign", Assign(parallel.Assign, p + "Assign"));
                Add(f, "Retry", Retry(parallel.Retry));
                Add(f, "Catch", Catch(parallel.Catch, p, null));
                return "ParallelProgram(" + Literal(parallel.Name) + ", " + Branches(parallel.Branches) + ")";
            case MapState map:
                var processor = map.Processor ?? throw new InvalidOperationException("The Map state has no ItemProcessor.");
                if (map.ItemReader is { } reader)
                {
                    var config = reader.ReaderConfig;
                    var rf = new List<string>();
                    Add(rf, "Parameters", Template(reader.Parameters, p + "ReaderParameters"));
                    Add(rf, "ReaderConfig", config is null ? Json + ".EmptyObject" : Constant(config.Syntax));
                    Add(rf, "MaxItems", config is null ? null : NumberOrPath(config.MaxItems, config.MaxItemsPath, p + "MaxItems"));
                    Add(f, "ItemReader", "new " + Exec + "ItemReaderProgram(" + Literal(reader.Resource ?? string.Empty) + ") { " + string.Join(", ", rf) + " }");
                }

                if (map.ItemBatcher is { } batcher)
                {
                    var bf = new List<string>();
                    Add(bf, "MaxItemsPerBatch", NumberOrPath(batcher.MaxItemsPerBatch, batcher.MaxItemsPerBatchPath, p + "MaxItemsPerBatch"));
                    Add(bf, "MaxInputBytesPerBatch", NumberOrPath(batcher.MaxInputBytesPerBatch, batcher.MaxInputBytesPerBatchPath, p + "MaxInputBytesPerBatch"));
                    Add(bf, "BatchInput", Template(batcher.BatchInput, p + "BatchInput"));
                    Add(f, "ItemBatcher", "new " + Exec + "ItemBatcherProgram { " + string.Join(", ", bf) + " }");
                }

                if (map.ResultWriter is { } writer)
                {
                    var wf = new List<string>();
                    Add(wf, "Parameters", Template(writer.Parameters, p + "WriterParameters"));
                    Add(wf, "WriterConfig", writer.WriterConfig is { } writerConfig ? Constant(writerConfig.Syntax) : null);
                    Add(f, "ResultWriter", "new " + Exec + "ResultWriterProgram(" + (writer.Resource is null ? "null" : Literal(writer.Resource)) + ") { " + string.Join(", ", wf) + " }");
                }

                MapCommon(map, processor, f);
                Add(f, "InputPath", InputOrOutputPath(map.InputPath, p + "InputPath"));
                Add(f, "OutputPath", InputOrOutputPath(map.OutputPath, p + "OutputPath"));
                Add(f, "Items", map.ItemsPath is { } itemsPath && itemsPath != "$" ? Path(itemsPath, p + "ItemsPath") : null);
                Add(f, "ItemSelector", Template(map.ItemSelector ?? map.Parameters, p + "ItemSelector"));
                Add(f, "MaxConcurrency", NumberOrPath(map.MaxConcurrency, map.MaxConcurrencyPath, p + "MaxConcurrency"));
                Add(f, "ToleratedFailureCount", NumberOrPath(map.ToleratedFailureCount, map.ToleratedFailureCountPath, p + "ToleratedFailureCount"));
                Add(f, "ToleratedFailurePercentage", NumberOrPath(map.ToleratedFailurePercentage, map.ToleratedFailurePercentagePath, p + "ToleratedFailurePercentage"));
                Add(f, "MaxConcurrencyPath", map.MaxConcurrency is null && map.MaxConcurrencyPath is { } mcPath ? Literal(mcPath) : null);
                Add(f, "ToleratedFailureCountPath", map.ToleratedFailureCount is null && map.ToleratedFailureCountPath is { } tfcPath ? Literal(tfcPath) : null);
                Add(f, "ToleratedFailurePercentagePath", map.ToleratedFailurePercentage is null && map.ToleratedFailurePercentagePath is { } tfpPath ? Literal(tfpPath) : null);
                Add(f, "ResultSelector", Template(map.ResultSelector, p + "ResultSelector"));
                Add(f, "ResultPath", ResultPath(map.ResultPath, p + "ResultPath"));
                Add(f, "Assign", Assign(map.Assign, p + "Assign"));
                Add(f, "Retry", Retry(map.Retry));
                Add(f, "Catch", Catch(map.Catch, p, null));
                return "MapProgram(" + Literal(map.Name) + ", " + Graph(processor) + "())";
            default:
                throw new InvalidOperationException("The state '" + state.Name + "' has an unknown Type.");
        }
    }

    private static void MapCommon(MapState map, ItemProcessor processor, List<string> f)
    {
        Add(f, "IsDistributed", processor.EffectiveMode == ProcessorMode.Distributed ? "true" : null);
        var childType = processor.ProcessorConfig?.ExecutionType ?? ExecutionType.Standard;
        Add(f, "ChildExecutionType", childType == ExecutionType.Standard ? null : Model + "ExecutionType." + childType);
        Add(f, "Label", map.Label is null ? null : Literal(map.Label));
    }

    /// <summary>The most branches of a Choice state one method creates (more go to parts, see <see cref="BranchArray"/>).</summary>
    internal const int MaxBranchesPerPart = 64;

    /// <summary>
    /// The array of a Choice state's branches: in place, or for more than <see cref="MaxBranchesPerPart"/> a method that
    /// fills it from parts of that many (the state's locals <paramref name="shared"/> passed on). A Choice of 20,000
    /// rules created all its branches in one method, which the JIT took over a second to compile on first use.
    /// </summary>
    private string BranchArray(string prefix, List<string> branches, List<(string Type, string Name)> shared)
    {
        var type = Exec + "ChoiceBranchProgram";
        if (branches.Count <= MaxBranchesPerPart)
        {
            return "new " + type + "[] { " + string.Join(", ", branches) + " }";
        }

        var parameters = new StringBuilder();
        var arguments = new StringBuilder();
        foreach (var (localType, local) in shared)
        {
            parameters.Append(", ").Append(localType).Append(' ').Append(local);
            arguments.Append(", ").Append(local);
        }

        var name = Unique(prefix + "Choices");
        var parts = new List<string>();
        for (var first = 0; first < branches.Count; first += MaxBranchesPerPart)
        {
            var part = Unique(name + "_Part" + (parts.Count + 1).ToString(CultureInfo.InvariantCulture));
            parts.Add(part);
            var end = Math.Min(first + MaxBranchesPerPart, branches.Count);
            var pm = Method();
            pm.Line("/// <summary>Branches " + (first + 1).ToString(CultureInfo.InvariantCulture) + " to " + end.ToString(CultureInfo.InvariantCulture) + " of the Choice state.</summary>");
            pm.Open("private static void " + part + "(" + type + "[] branches" + parameters + ")");
            for (var i = first; i < end; i++)
            {
                pm.Line("branches[" + i.ToString(CultureInfo.InvariantCulture) + "] = " + branches[i] + ";");
            }

            pm.Close();
        }

        var m = Method();
        m.Line("/// <summary>The " + branches.Count.ToString(CultureInfo.InvariantCulture) + " branches of the Choice state, created in parts.</summary>");
        m.Open("private static " + type + "[] " + name + "(" + (parameters.Length == 0 ? string.Empty : parameters.ToString(2, parameters.Length - 2)) + ")");
        m.Line(type + "[] branches = new " + type + "[" + branches.Count.ToString(CultureInfo.InvariantCulture) + "];");
        foreach (var part in parts)
        {
            m.Line(part + "(branches" + arguments + ");");
        }

        m.Line("return branches;");
        m.Close();
        return name + "(" + (arguments.Length == 0 ? string.Empty : arguments.ToString(2, arguments.Length - 2)) + ")";
    }

    private string Branches(IReadOnlyList<ParallelBranch>? branches)
    {
        var graphs = new List<string>();
        foreach (var branch in branches ?? (IReadOnlyList<ParallelBranch>)Array.Empty<ParallelBranch>())
        {
            graphs.Add(Graph(branch) + "()");
        }

        return "new " + Exec + "GraphProgram[] { " + string.Join(", ", graphs) + " }";
    }

    private string JsonataState(State state, string p, List<string> f, List<string> locals)
    {
        var usesContext = ReadsJsonataContext(state.Syntax.ToJsonString());
        locals.Add(CompiledNs + "JsonataFieldFactory jf = " + JsonataFactory(state, usesContext) + ";");
        Add(f, "NextName", state.Next is null ? null : Literal(state.Next));
        Add(f, "UsesContextObject", usesContext ? "true" : null);
        switch (state)
        {
            case PassState pass:
                Add(f, "ResultPath", JCombiner(pass.Output, "Output", "InputCombiner"));
                Add(f, "Assign", JCombiner(pass.Assign, "Assign", "InputCombiner"));
                return "PassProgram(" + Literal(pass.Name) + ")";
            case TaskState task:
                Add(f, "Parameters", JTemplate(task.Arguments, "Arguments"));
                Add(f, "ResultPath", JCombiner(task.Output, "Output", "ResultCombiner"));
                Add(f, "Assign", JCombiner(task.Assign, "Assign", "ResultCombiner"));
                Add(f, "TimeoutSeconds", JValue(task.TimeoutSeconds, "TimeoutSeconds", "Number"));
                Add(f, "HeartbeatSeconds", JValue(task.HeartbeatSeconds, "HeartbeatSeconds", "Number"));
                Add(f, "Credentials", JTemplate(task.Credentials, "Credentials"));
                Add(f, "Retry", Retry(task.Retry));
                Add(f, "Catch", Catch(task.Catch, p, "jf"));
                return "TaskProgram(" + Literal(task.Name) + ", " + Literal(task.Resource ?? string.Empty) + ")";
            case ChoiceState choice:
                var stateOutput = JCombiner(choice.Output, "Output", "InputCombiner");
                var stateAssign = JCombiner(choice.Assign, "Assign", "InputCombiner");
                if (stateOutput is not null)
                {
                    locals.Add(Exec + "ResultCombiner stateOutput = " + stateOutput + ";");
                    stateOutput = "stateOutput";
                }

                if (stateAssign is not null)
                {
                    locals.Add(Exec + "ResultCombiner stateAssign = " + stateAssign + ";");
                    stateAssign = "stateAssign";
                }

                var branches = new List<string>();
                foreach (var rule in choice.Choices ?? (IReadOnlyList<ChoiceRule>)Array.Empty<ChoiceRule>())
                {
                    var condition = JValue(rule.Condition, "Condition", "Boolean") ?? CompiledNs + "JsonataFieldFactory.MissingCondition()";
                    var bf = new List<string>();
                    Add(bf, "Assign", JCombiner(rule.Assign, "Assign", "InputCombiner") ?? stateAssign);
                    Add(bf, "Output", JCombiner(rule.Output, "Output", "InputCombiner") ?? stateOutput);
                    branches.Add("new " + Exec + "ChoiceBranchProgram(" + condition + ", " + Literal(rule.Next ?? string.Empty) + ")" +
                        (bf.Count == 0 ? string.Empty : " { " + string.Join(", ", bf) + " }"));
                }

                Add(f, "Assign", stateAssign);
                Add(f, "Output", stateOutput);
                var shared = new List<(string Type, string Name)> { (CompiledNs + "JsonataFieldFactory", "jf") };
                if (stateOutput is not null)
                {
                    shared.Add((Exec + "ResultCombiner", "stateOutput"));
                }

                if (stateAssign is not null)
                {
                    shared.Add((Exec + "ResultCombiner", "stateAssign"));
                }

                return "ChoiceProgram(" + Literal(choice.Name) + ", " + BranchArray(p, branches, shared) + ", " +
                    (choice.Default is null ? "null" : Literal(choice.Default)) + ")";
            case WaitState wait:
                var timestamp = JValue(wait.Timestamp, "Timestamp", null);
                var target = JValue(wait.Seconds, "Seconds", "Number")
                    ?? (timestamp is null ? null : CompiledNs + "JsonataFieldFactory.Timestamp(" + timestamp + ")")
                    ?? Fail(Runtime, "The Wait state '" + wait.Name + "' has no Seconds or Timestamp.");
                Add(f, "Output", JCombiner(wait.Output, "Output", "InputCombiner"));
                Add(f, "Assign", JCombiner(wait.Assign, "Assign", "InputCombiner"));
                return "WaitProgram(" + Literal(wait.Name) + ", " + target + ")";
            case SucceedState succeed:
                Add(f, "Output", JCombiner(succeed.Output, "Output", "InputCombiner"));
                return "SucceedProgram(" + Literal(succeed.Name) + ")";
            case FailState fail:
                Add(f, "Error", JValue(fail.Error, "Error", "String"));
                Add(f, "Cause", JValue(fail.Cause, "Cause", "String"));
                return "FailProgram(" + Literal(fail.Name) + ")";
            case ParallelState parallel:
                Add(f, "Parameters", JTemplate(parallel.Arguments, "Arguments"));
                Add(f, "ResultPath", JCombiner(parallel.Output, "Output", "ResultCombiner"));
                Add(f, "Assign", JCombiner(parallel.Assign, "Assign", "ResultCombiner"));
                Add(f, "Retry", Retry(parallel.Retry));
                Add(f, "Catch", Catch(parallel.Catch, p, "jf"));
                return "ParallelProgram(" + Literal(parallel.Name) + ", " + Branches(parallel.Branches) + ")";
            case MapState map:
                var processor = map.Processor ?? throw new InvalidOperationException("The Map state has no ItemProcessor.");
                if (map.ItemReader is { } reader)
                {
                    var config = reader.ReaderConfig;
                    var rf = new List<string>();
                    Add(rf, "Parameters", JTemplate(reader.Arguments, "Arguments"));
                    Add(rf, "ReaderConfig", config is null ? Json + ".EmptyObject" : Constant(config.Syntax));
                    Add(rf, "MaxItems", config is null ? null : JValue(config.MaxItems, "MaxItems", "Number"));
                    Add(f, "ItemReader", "new " + Exec + "ItemReaderProgram(" + Literal(reader.Resource ?? string.Empty) + ") { " + string.Join(", ", rf) + " }");
                }
                else if (map.Items is { } items)
                {
                    var text = items is JsonStringSyntax s && AslKeywords.IsJsonataExpression(s.Value) ? s.Value.Substring(2, s.Value.Length - 4).Trim() : items.ToJsonString();
                    Add(f, "Items", "jf.Items(" + Literal(items.ToJsonString()) + ", " + Literal(text) + ")");
                }
                else
                {
                    Add(f, "Items", CompiledNs + "JsonataFieldFactory.InputItems()");
                }

                if (map.ItemBatcher is { } batcher)
                {
                    var bf = new List<string>();
                    Add(bf, "MaxItemsPerBatch", JValue(batcher.MaxItemsPerBatch, "MaxItemsPerBatch", "Number"));
                    Add(bf, "MaxInputBytesPerBatch", JValue(batcher.MaxInputBytesPerBatch, "MaxInputBytesPerBatch", "Number"));
                    Add(bf, "BatchInput", JTemplate(batcher.BatchInput, "BatchInput"));
                    Add(f, "ItemBatcher", "new " + Exec + "ItemBatcherProgram { " + string.Join(", ", bf) + " }");
                }

                if (map.ResultWriter is { } writer)
                {
                    var wf = new List<string>();
                    Add(wf, "Parameters", JTemplate(writer.Arguments, "Arguments"));
                    Add(wf, "WriterConfig", writer.WriterConfig is { } writerConfig ? Constant(writerConfig.Syntax) : null);
                    Add(f, "ResultWriter", "new " + Exec + "ResultWriterProgram(" + (writer.Resource is null ? "null" : Literal(writer.Resource)) + ") { " + string.Join(", ", wf) + " }");
                }

                MapCommon(map, processor, f);
                Add(f, "ItemSelector", JTemplate(map.ItemSelector, "ItemSelector"));
                Add(f, "MaxConcurrency", JValue(map.MaxConcurrency, "MaxConcurrency", "Number"));
                Add(f, "ToleratedFailureCount", JValue(map.ToleratedFailureCount, "ToleratedFailureCount", "Number"));
                Add(f, "ToleratedFailurePercentage", JValue(map.ToleratedFailurePercentage, "ToleratedFailurePercentage", "Number"));
                Add(f, "ResultPath", JCombiner(map.Output, "Output", "ResultCombiner"));
                Add(f, "Assign", JCombiner(map.Assign, "Assign", "ResultCombiner"));
                Add(f, "Retry", Retry(map.Retry));
                Add(f, "Catch", Catch(map.Catch, p, "jf"));
                return "MapProgram(" + Literal(map.Name) + ", " + Graph(processor) + "())";
            default:
                throw new InvalidOperationException("The state '" + state.Name + "' has an unknown Type.");
        }
    }

    private static string? JTemplate(JsonSyntaxNode? node, string field) =>
        node is null ? null : "jf.Template(" + Literal(node.ToJsonString()) + ", " + Literal(field) + ")";

    private static string? JCombiner(JsonSyntaxNode? node, string field, string kind) =>
        node is null ? null : "jf." + kind + "(" + Literal(node.ToJsonString()) + ", " + Literal(field) + ")";

    private string? JValue(LiteralOrExpression? field, string name, string? kind)
    {
        if (field is null)
        {
            return null;
        }

        if (!field.IsExpression)
        {
            return Expressions + ".Constant(" + Constant(field.Syntax) + ")";
        }

        return "jf.Value(" + Literal(field.Syntax.ToJsonString()) + ", " + Literal(name) + ", " + Literal(field.Expression!.Trim()) + ", " +
            (kind is null ? "null" : "global::AslCompiler.Runtime.Json.JsonKind." + kind) + ")";
    }

    // ---- retry and catch ----

    private static string? Retry(IReadOnlyList<Retrier>? retriers)
    {
        if (retriers is null)
        {
            return null;
        }

        var items = new List<string>();
        foreach (var r in retriers)
        {
            var backoff = (r.BackoffRate ?? 2m).ToString(CultureInfo.InvariantCulture);
            items.Add("new " + Exec + "RetryPolicy(" + StringArray(r.ErrorEquals) + ", " +
                (r.IntervalSeconds ?? 1).ToString(CultureInfo.InvariantCulture) + "d, " +
                ((int)Math.Min(r.MaxAttempts ?? 3, int.MaxValue)).ToString(CultureInfo.InvariantCulture) + ", " +
                "(double)" + backoff + "m, " +
                (r.MaxDelaySeconds is { } d ? d.ToString(CultureInfo.InvariantCulture) + "d" : "null") + ", " +
                Model + "JitterStrategy." + (r.JitterStrategy ?? JitterStrategy.None) + ")");
        }

        return "new " + Exec + "RetryPolicy[] { " + string.Join(", ", items) + " }";
    }

    private string? Catch(IReadOnlyList<Catcher>? catchers, string p, string? jsonata)
    {
        if (catchers is null)
        {
            return null;
        }

        var items = new List<string>();
        var index = 0;
        foreach (var c in catchers)
        {
            index++;
            var cp = p + "Catch" + index.ToString(CultureInfo.InvariantCulture) + "_";
            var output = jsonata is null ? ResultPath(c.ResultPath, cp + "ResultPath") : JCombiner(c.Output, "Output", "ErrorCombiner");
            var assign = jsonata is null ? Assign(c.Assign, cp + "Assign") : JCombiner(c.Assign, "Assign", "ErrorCombiner");
            items.Add("new " + Exec + "CatchPolicy(" + StringArray(c.ErrorEquals) + ", " + Literal(c.Next ?? string.Empty) + ", " +
                (output ?? "null") + ", " + (assign ?? "null") + ")");
        }

        return "new " + Exec + "CatchPolicy[] { " + string.Join(", ", items) + " }";
    }

    // ---- JSONPath fields ----

    private string? InputOrOutputPath(NullablePath? path, string name)
    {
        if (path is null)
        {
            return null;
        }

        if (path.IsNull)
        {
            return Expressions + ".Constant(" + Json + ".EmptyObject)";
        }

        return path.Path == "$" ? null : Path(path.Path!, name);
    }

    private string? NumberOrPath(LiteralOrExpression? literal, string? path, string name)
    {
        if (literal is not null)
        {
            return Expressions + ".Constant(" + Constant(literal.Syntax) + ")";
        }

        return path is null ? null : Path(path, name);
    }

    /// <summary>A path or intrinsic call field (JsonPathFields.Path): an invocable name of a <c>StateExpression</c>.</summary>
    private string Path(string text, string name)
    {
        if (IntrinsicFunctionParser.LooksLikeCall(text))
        {
            IntrinsicFunctionCall call;
            try
            {
                call = IntrinsicFunctionParser.Parse(text);
            }
            catch (JsonPathSyntaxException e)
            {
                return Fail(Runtime, "Invalid intrinsic function '" + text + "': " + e.Message);
            }

            return Intrinsic(call, name);
        }

        return PlainPath(text, name);
    }

    /// <summary>A JSONPath (never an intrinsic call), evaluated as JsonPathEvaluator.Evaluate does.</summary>
    private string PlainPath(string text, string name)
    {
        if (!JsonPathParser.TryParse(text, out var path, out var error))
        {
            return Fail(Runtime, "Invalid path '" + text + "': " + error!.Message);
        }

        if (!IsStraight(path!))
        {
            var field = Unique("s_path");
            _fields.Add("private static readonly " + CompiledNs + "CompiledJsonPath " + field + " = new " + CompiledNs + "CompiledJsonPath(" + Literal(text) + ");");
            return Callable(field + ".Evaluate");
        }

        var method = Unique(name);
        var m = Method();
        m.Line("/// <summary><c>" + Xml(text) + "</c></summary>");
        OpenExpressionMethod(m, method);
        var expression = path!;
        switch (expression.Root)
        {
            case JsonPathRoot.Context:
                if (MapItemPart(expression) is { } part)
                {
                    // $$.Map.Item.Value/Index read from the frame, without building the context object (when the frame
                    // has a Map item and no context given from outside: the built object would hold exactly these).
                    m.Open("if (" + Expressions + ".TryGetMapItem" + part + "(frame, out " + Json + " m3))");
                    PathSteps(m, expression, "m", 3);
                    m.Close();
                    m.Line();
                }
                else if (expression.Segments.Count > 0 && expression.Segments[0] is JsonPathPropertySegment { Name: "Execution" or "StateMachine" or "Task" } member)
                {
                    // $$.Execution..., $$.StateMachine..., $$.Task... read from the frame, without building the context object.
                    var where = expression.Segments.Count == 1 ? "No results for path: " : "Missing property in path ";
                    m.Open("if (" + Expressions + ".TryGetContextMember(frame, " + Literal(member.Name) + ", out " + Json + " c1))");
                    m.Open("if (c1.IsUndefined)");
                    m.Line("return " + Expressions + ".RuntimeFailure(" + Literal("Invalid path '" + expression.Text + "' : " + where + CanonicalPath(expression, 1)) + ");");
                    m.Close();
                    m.Line();
                    PathSteps(m, expression, "c", 1);
                    m.Close();
                    m.Line();
                }

                m.Line(Json + " v0 = " + Expressions + ".ContextObject(frame);");
                break;
            case JsonPathRoot.Variable:
                m.Open("if (!" + Expressions + ".TryGetVariable(frame, " + Literal(expression.VariableName!) + ", out " + Json + " v0))");
                m.Line("return " + Expressions + ".RuntimeFailure(" + Literal("Invalid path '" + expression.Text + "': The variable '" + expression.VariableName + "' is not defined.") + ");");
                m.Close();
                break;
            default:
                if (RecordMember(expression) is { } recordField)
                {
                    // The first member read from the record the runner holds (no object built).
                    m.Line(Json + " v1 = value." + recordField + ";");
                    PathSteps(m, expression, "v", 1);
                    m.Close();
                    return method;
                }

                m.Line(Json + " v0 = " + ValueJson + ";");
                break;
        }

        PathSteps(m, expression, "v", 0);
        m.Close();
        return method;
    }

    /// <summary>
    /// Writes into <paramref name="m"/> the lines that put a path field's value in the local <paramref name="target"/>:
    /// a straight <c>$</c> path (and the Map item part of a <c>$$.Map.Item</c> path) as member steps in place, any other
    /// path through its method (<see cref="PlainPath"/>). <paramref name="onFailure"/> turns the failed
    /// <c>EvaluationResult</c> (an expression) into the statement that leaves the method.
    /// </summary>
    /// <remarks>
    /// A straight <c>$</c> path (<see cref="IsInlineInputPath"/>) may go into a local declared before (not
    /// <paramref name="declare"/>); any other path declares its own.
    /// </remarks>
    private void PathValue(IndentedSourceWriter m, string text, string name, string target, Func<string, string> onFailure, bool declare = true)
    {
        if (JsonPathParser.TryParse(text, out var path, out _) && IsStraight(path!))
        {
            if (path!.Root == JsonPathRoot.Input)
            {
                if (RecordMember(path) is { } member)
                {
                    InlineSteps(m, path, "value." + member, 1, target, declare, onFailure);
                }
                else
                {
                    InlineSteps(m, path, ValueJson, 0, target, declare, onFailure);
                }

                return;
            }

            if (path.Root == JsonPathRoot.Context && MapItemPart(path) is { } part)
            {
                // The frame's Map item when it has one (as the path's own method reads it), else the method.
                m.Line(Json + " " + target + ";");
                m.Open("if (" + Expressions + ".TryGetMapItem" + part + "(frame, out " + Json + " " + target + "_m))");
                InlineSteps(m, path, target + "_m", 3, target, declare: false, onFailure);
                m.Close();
                m.Open("else");
                MethodValue(m, PlainPath(text, name), target, declare: false, onFailure);
                m.Close();
                return;
            }
        }

        MethodValue(m, PlainPath(text, name), target, declare: true, onFailure);
    }

    /// <summary>Whether <see cref="PathValue"/> writes the path out as steps from the input (a straight <c>$</c> path).</summary>
    private static bool IsInlineInputPath(string text) =>
        JsonPathParser.TryParse(text, out var path, out _) && IsStraight(path!) && path!.Root == JsonPathRoot.Input;

    /// <summary>The value of an expression method (<c>(value, frame) → EvaluationResult</c>) into <paramref name="target"/>.</summary>
    private void MethodValue(IndentedSourceWriter m, string method, string target, bool declare, Func<string, string> onFailure)
    {
        m.Line(Result + " " + target + "_r = " + Callable(method) + "(value, frame);");
        m.Open("if (!" + target + "_r.IsSuccess)");
        m.Line(onFailure(target + "_r"));
        m.Close();
        m.Line((declare ? Json + " " : string.Empty) + target + " = " + target + "_r.Value;");
    }

    /// <summary>
    /// The member and item steps of a straight path from segment <paramref name="start"/>, starting at the local
    /// <paramref name="from"/>. Each step goes into <paramref name="target"/> itself (declared by the first when
    /// <paramref name="declare"/>): a local per step made methods with many paths slow to compile (C#'s flow analysis
    /// grows with locals times branches).
    /// </summary>
    private static void InlineSteps(IndentedSourceWriter m, JsonPathExpression expression, string from, int start, string target, bool declare, Func<string, string> onFailure)
    {
        var segments = expression.Segments;
        if (start == segments.Count)
        {
            m.Line((declare ? Json + " " : string.Empty) + target + " = " + from + ";");
            return;
        }

        for (var i = start; i < segments.Count; i++)
        {
            var last = i == segments.Count - 1;
            var where = last ? "No results for path: " : "Missing property in path ";
            var cause = "Invalid path '" + expression.Text + "' : " + where + CanonicalPath(expression, i + 1);
            var declaration = i == start && declare ? Json + " " + target : target;
            var step = segments[i] is JsonPathPropertySegment property
                ? CJson + ".TryGetMember(" + from + ", " + Literal(property.Name) + ", out " + declaration + ")"
                : CJson + ".TryGetItem(" + from + ", " + ((JsonPathIndexSegment)segments[i]).Indexes[0].ToString(CultureInfo.InvariantCulture) + ", out " + declaration + ")";
            m.Open("if (!" + step + ")");
            m.Line(onFailure(Expressions + ".RuntimeFailure(" + Literal(cause) + ")"));
            m.Close();
            from = target;
        }
    }

    /// <summary>"Value" or "Index" when a context path starts with <c>$$.Map.Item.Value</c> or is <c>$$.Map.Item.Index</c>.</summary>
    private static string? MapItemPart(JsonPathExpression path)
    {
        var s = path.Segments;
        if (s.Count < 3 || s[0] is not JsonPathPropertySegment { Name: "Map" } || s[1] is not JsonPathPropertySegment { Name: "Item" })
        {
            return null;
        }

        return s[2] switch
        {
            JsonPathPropertySegment { Name: "Value" } => "Value",
            JsonPathPropertySegment { Name: "Index" } => "Index",
            _ => null,
        };
    }

    /// <summary>The steps of a straight path from segment <paramref name="start"/> (held in <c>{prefix}{start}</c>), each failing with the evaluator's cause.</summary>
    private static void PathSteps(IndentedSourceWriter m, JsonPathExpression expression, string prefix, int start)
    {
        InlineSteps(m, expression, prefix + start.ToString(CultureInfo.InvariantCulture), start, prefix, declare: true, failed => "return " + failed + ";");
        m.Line("return " + Result + ".Success(" + prefix + ");");
    }

    private static bool IsStraight(JsonPathExpression path)
    {
        if (!path.IsDefinite || path.Function is not null || path.Segments.Count > MaxWrittenSegments)
        {
            return false;
        }

        foreach (var segment in path.Segments)
        {
            var simple = segment is JsonPathPropertySegment { Names.Count: 1 } || segment is JsonPathIndexSegment { Indexes.Count: 1 };
            if (!simple)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The most segments of a path or ResultPath written out as C#: each step's failure names the path up to it, so the
    /// code grows as the square of the steps (1,500 made 10 MB and CS8103, 2,000 in a ResultPath CS8078). Longer ones
    /// go to the runtime's evaluator, as slices and filters do.
    /// </summary>
    private const int MaxWrittenSegments = 64;

    /// <summary>Jayway's canonical form of the first <paramref name="count"/> segments (JsonPathEvaluator.CanonicalPath).</summary>
    private static string CanonicalPath(JsonPathExpression path, int count)
    {
        var sb = new StringBuilder(path.Root == JsonPathRoot.Context ? "$$" : path.Root == JsonPathRoot.Variable ? "$" + path.VariableName : "$");
        for (var i = 0; i < count && i < path.Segments.Count; i++)
        {
            switch (path.Segments[i])
            {
                case JsonPathPropertySegment p:
                    sb.Append("['").Append(p.Name).Append("']");
                    break;
                case JsonPathIndexSegment x:
                    sb.Append('[').Append(x.Indexes[0].ToString(CultureInfo.InvariantCulture)).Append(']');
                    break;
            }
        }

        return sb.ToString();
    }

    /// <summary>
    /// An intrinsic call as a method: its arguments evaluated in C# (paths by their own methods, literals as constants,
    /// nested calls by theirs), then the function run by the runtime's implementation (<c>IntrinsicFunction.Invoke</c>).
    /// </summary>
    private string Intrinsic(IntrinsicFunctionCall call, string name)
    {
        var method = Unique(name);
        var m = Method();
        m.Line("/// <summary><c>" + Xml(Shorten(call.Text)) + "</c></summary>");
        OpenExpressionMethod(m, method);
        m.Line("return " + IntrinsicCall(m, call, name, "a") + ";");
        m.Close();
        return method;
    }

    /// <summary>
    /// Writes the evaluation of an intrinsic call's arguments into <paramref name="m"/> (locals named from
    /// <paramref name="prefix"/>; a path that names nothing leaves with the interpreter's failure) and returns the
    /// expression that runs the function on them (an <c>EvaluationResult</c>).
    /// </summary>
    private string IntrinsicCall(IndentedSourceWriter m, IntrinsicFunctionCall call, string name, string prefix)
    {
        var function = Unique("s_function");
        _fields.Add("private static readonly " + CompiledNs + "IntrinsicFunction " + function + " = new " + CompiledNs + "IntrinsicFunction(" + Literal(call.Text) + ");");
        var arguments = new List<string>();
        for (var i = 0; i < call.Arguments.Count; i++)
        {
            var a = prefix + i.ToString(CultureInfo.InvariantCulture);
            var argumentName = name + "_" + (i + 1).ToString(CultureInfo.InvariantCulture);
            switch (call.Arguments[i])
            {
                case IntrinsicStringArgument text:
                    arguments.Add(Argument(Literal(text.Value)));
                    break;
                case IntrinsicNumberArgument number:
                    arguments.Add(Argument(Json + ".NumberFromText(" + Literal(number.Text) + ")"));
                    break;
                case IntrinsicBooleanArgument boolean:
                    arguments.Add(Json + (boolean.Value ? ".True" : ".False"));
                    break;
                case IntrinsicNullArgument:
                    arguments.Add(Json + ".Null");
                    break;
                case IntrinsicPathArgument path:
                    var notFound = "return " + CompiledNs + "IntrinsicFunction.ArgumentNotFound(" + Literal(path.Path.Text) + ", " + ValueJson + ");";
                    PathValue(m, path.Path.Text, argumentName, a, _ => notFound);
                    arguments.Add(a);
                    break;
                case IntrinsicFunctionCall inner:
                    m.Line(Result + " " + a + " = " + Intrinsic(inner, argumentName) + "(value, frame);");
                    m.Open("if (!" + a + ".IsSuccess)");
                    m.Line("return " + a + ";");
                    m.Close();
                    arguments.Add(a + ".Value");
                    break;
                default:
                    throw new InvalidOperationException("Unknown intrinsic argument.");
            }
        }

        return function + ".Invoke(" + IntrinsicArguments(arguments) + ", frame)";
    }

    /// <summary>A literal argument of an intrinsic call, read once into a field (as the interpreter reads it).</summary>
    private string Argument(string initializer)
    {
        var field = Unique("s_argument");
        _fields.Add("private static readonly " + Json + " " + field + " = " + initializer + ";");
        return field;
    }

    /// <summary>A payload template (JsonPathFields.Template); null when absent.</summary>
    private string? Template(JsonSyntaxNode? node, string name)
    {
        if (node is null)
        {
            return null;
        }

        var error = TemplateError(node, 0);
        if (error is not null)
        {
            return Fail(Runtime, error);
        }

        if (!IsDynamic(node))
        {
            return Expressions + ".Constant(" + Constant(node) + ")";
        }

        return TemplateMethod(node, name);
    }

    /// <summary>The message PayloadTemplate.TryCreate gives for the template, or null when it compiles.</summary>
    private static string? TemplateError(JsonSyntaxNode node, int depth)
    {
        if (depth > MaxTemplateDepth)
        {
            return new JsonPathSyntaxException(new JsonPathSyntaxError(0, "The template nests too deeply.")).Message;
        }

        try
        {
            switch (node)
            {
                case JsonObjectSyntax obj:
                    foreach (var member in obj.Properties)
                    {
                        if (IsPathMember(member, out var expression))
                        {
                            if (IntrinsicFunctionParser.LooksLikeCall(expression))
                            {
                                IntrinsicFunctionParser.Parse(expression);
                            }
                            else
                            {
                                JsonPathParser.Parse(expression);
                            }
                        }
                        else if (TemplateError(member.Value, depth + 1) is { } inner)
                        {
                            return inner;
                        }
                    }

                    break;
                case JsonArraySyntax array:
                    foreach (var item in array.Items)
                    {
                        if (TemplateError(item, depth + 1) is { } inner)
                        {
                            return inner;
                        }
                    }

                    break;
            }
        }
        catch (JsonPathSyntaxException e)
        {
            return e.Message;
        }

        return null;
    }

    private static bool IsPathMember(JsonPropertySyntax member, out string expression)
    {
        if (member.Name.EndsWith(".$", StringComparison.Ordinal) && member.Value is JsonStringSyntax s)
        {
            expression = s.Value;
            return true;
        }

        expression = string.Empty;
        return false;
    }

    private static bool IsDynamic(JsonSyntaxNode node) => AnyPathMember(node, _ => true);

    /// <summary>Whether some path member (<c>"name.$"</c>) of a template, at any depth, has an expression that <paramref name="test"/> accepts.</summary>
    private static bool AnyPathMember(JsonSyntaxNode? node, Func<string, bool> test)
    {
        switch (node)
        {
            case JsonObjectSyntax obj:
                foreach (var member in obj.Properties)
                {
                    if (IsPathMember(member, out var expression) ? test(expression) : AnyPathMember(member.Value, test))
                    {
                        return true;
                    }
                }

                return false;
            case JsonArraySyntax array:
                foreach (var item in array.Items)
                {
                    if (AnyPathMember(item, test))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    /// <summary>A method that renders a dynamic object or array of a template.</summary>
    /// <remarks>
    /// With <paramref name="record"/> (an object template with distinct member names), the method puts the members into
    /// that record (<c>out</c>) instead of building the object; its failures are the same.
    /// </remarks>
    private string TemplateMethod(JsonSyntaxNode node, string name, RecordShape? record = null, int recordOrder = 0)
    {
        var method = Unique(name);
        var m = Method();
        m.Line("/// <summary><c>" + Xml(Shorten(node.ToJsonString())) + "</c>" + (record is null ? string.Empty : " as a record") + "</summary>");
        OpenExpressionMethod(m, method, record is null ? string.Empty : ", out " + record.Type + " output", node is JsonObjectSyntax { Properties.Count: <= MaxInlinedTemplateMembers });
        if (node is JsonObjectSyntax obj)
        {
            var count = obj.Properties.Count.ToString(CultureInfo.InvariantCulture);
            var values = new string[obj.Properties.Count];
            if (record is null)
            {
                m.Line("global::System.Collections.Generic.KeyValuePair<string, " + Json + ">[] members = new global::System.Collections.Generic.KeyValuePair<string, " + Json + ">[" + count + "];");
            }
            else
            {
                // The record is written once, at the end, after every read of the input: a runner may pass the same
                // local as the input and the output (a state whose record goes to a state of its own shape), and a
                // failure leaves that input as it was for its cause.
                m.Line("global::System.Runtime.CompilerServices.Unsafe.SkipInit(out output);");
            }

            var shape = new (string Name, bool IsPath)[obj.Properties.Count];
            for (var i = 0; i < shape.Length; i++)
            {
                var isPath = IsPathMember(obj.Properties[i], out _);
                shape[i] = (isPath ? obj.Properties[i].Name.Substring(0, obj.Properties[i].Name.Length - 2) : obj.Properties[i].Name, isPath);
            }

            // The members in the order AWS renders them (JavaHashMapOrder, as PayloadTemplate does).
            var order = JavaHashMapOrder.TemplateOrder(shape);
            var sharedDeclared = false;
            var body = m; // where the members are written: the method, or the part it calls once it has grown
            var bodyStart = m.Length;
            var parts = 0;
            for (var i = 0; i < order.Length; i++)
            {
                var member = obj.Properties[order[i]];
                var index = i.ToString(CultureInfo.InvariantCulture);
                if (record is null && body.Length - bodyStart > MaxTemplatePartLength)
                {
                    body = TemplatePart(m, body, method, ++parts, "global::System.Collections.Generic.KeyValuePair<string, " + Json + ">[]", "members");
                    bodyStart = body.Length;
                    sharedDeclared = false;
                }

                if (IsPathMember(member, out var expression))
                {
                    var key = member.Name.Substring(0, member.Name.Length - 2);
                    var memberName = method + "_" + CSharpIdentifiers.ToPascalCase(key, "Member").TrimStart('@');
                    string memberValue;
                    if (IntrinsicFunctionParser.LooksLikeCall(expression))
                    {
                        body.Line(Result + " r" + index + " = " + IntrinsicCall(body, IntrinsicFunctionParser.Parse(expression), memberName, "a" + index + "_") + ";");
                        body.Open("if (!r" + index + ".IsSuccess)");
                        body.Line("return r" + index + ";");
                        body.Close();
                        memberValue = "r" + index + ".Value";
                    }
                    else
                    {
                        var parsed = JsonPathParser.Parse(expression);
                        var searched = parsed.Root == JsonPathRoot.Context ? Expressions + ".ContextObject(frame)" : ValueJson;
                        var notFound = "return " + Expressions + ".TemplatePathNotFound(" + Literal(parsed.Text) + ", " + Literal(member.Name) + ", " + searched + ");";

                        // Over JSON a member goes into the array at once, so the straight paths share one local (a
                        // local per member made C#'s flow analysis grow with the square of the members); a record
                        // takes its members all at the end.
                        var shared = record is null && IsInlineInputPath(expression);
                        var target = shared ? "p" : "p" + index;
                        PathValue(body, expression, memberName, target, _ => notFound, declare: !shared || !sharedDeclared);
                        sharedDeclared |= shared;
                        memberValue = target;
                    }

                    values[i] = memberValue;
                    Member(body, record, index, key, memberValue);
                }
                else if (IsDynamic(member.Value))
                {
                    body.Line(Result + " r" + index + " = " + TemplateMethod(member.Value, method + "_" + CSharpIdentifiers.ToPascalCase(member.Name, "Member").TrimStart('@')) + "(value, frame);");
                    body.Open("if (!r" + index + ".IsSuccess)");
                    body.Line("return r" + index + ";");
                    body.Close();
                    values[i] = "r" + index + ".Value";
                    Member(body, record, index, member.Name, values[i]);
                }
                else
                {
                    values[i] = Constant(member.Value);
                    Member(body, record, index, member.Name, values[i]);
                }
            }

            ClosePart(m, body);

            if (record is null)
            {
                m.Line("return " + Result + ".Success(" + CJson + ".Object(members));");
            }
            else
            {
                var keys = TemplateKeys(obj)!;
                var members = new Dictionary<string, string>(StringComparer.Ordinal);
                for (var i = 0; i < keys.Count; i++)
                {
                    members[keys[i]] = values[i];
                }

                m.Line("output = " + NewRecord(record, recordOrder.ToString(CultureInfo.InvariantCulture), members) + ";");
                m.Line("return " + Result + ".Success(default);");
            }
        }
        else
        {
            var array = (JsonArraySyntax)node;
            m.Line(Json + "[] items = new " + Json + "[" + array.Items.Count.ToString(CultureInfo.InvariantCulture) + "];");
            var body = m;
            var bodyStart = m.Length;
            var parts = 0;
            for (var i = 0; i < array.Items.Count; i++)
            {
                var item = array.Items[i];
                var index = i.ToString(CultureInfo.InvariantCulture);
                if (body.Length - bodyStart > MaxTemplatePartLength)
                {
                    body = TemplatePart(m, body, method, ++parts, Json + "[]", "items");
                    bodyStart = body.Length;
                }

                if (IsDynamic(item))
                {
                    body.Line(Result + " r" + index + " = " + TemplateMethod(item, method + "_" + index) + "(value, frame);");
                    body.Open("if (!r" + index + ".IsSuccess)");
                    body.Line("return r" + index + ";");
                    body.Close();
                    body.Line("items[" + index + "] = r" + index + ".Value;");
                }
                else
                {
                    body.Line("items[" + index + "] = " + Constant(item) + ";");
                }
            }

            ClosePart(m, body);

            m.Line("return " + Result + ".Success(" + CJson + ".Array(items));");
        }

        m.Close();
        return method;
    }

    /// <summary>
    /// The most source one template method (or part) holds before the next members or items go to a part: every path
    /// step and every nested template's result is an <c>if</c> (and a local in a Debug build), so a template of tens
    /// of thousands of members or items made one method of more than the 65,534 locals IL allows (CS0204). Each is
    /// written in well over 100 characters, so a part stays far below.
    /// </summary>
    private const int MaxTemplatePartLength = 1_000_000;

    /// <summary>
    /// Closes <paramref name="body"/> when it is a part, then starts the next part of template <paramref name="method"/>:
    /// a method that writes its members into the array and returns a failure, or success when all were found; the
    /// template method calls it in place (the members keep their order, so the first failure is the interpreter's).
    /// </summary>
    private IndentedSourceWriter TemplatePart(IndentedSourceWriter m, IndentedSourceWriter body, string method, int number, string arrayType, string array)
    {
        ClosePart(m, body);

        var part = Unique(method + "_Part" + number.ToString(CultureInfo.InvariantCulture));
        var local = "part" + number.ToString(CultureInfo.InvariantCulture);
        m.Line(Result + " " + local + " = " + part + "(value, frame, " + array + ");");
        m.Open("if (!" + local + ".IsSuccess)");
        m.Line("return " + local + ";");
        m.Close();
        var next = Method();
        next.Line("/// <summary>Members of <see cref=\"" + method + "\"/>, in its order, into <paramref name=\"" + array + "\"/>.</summary>");
        next.Open("private static " + Result + " " + part + Parameters(part) + ", " + arrayType + " " + array + ")");
        return next;
    }

    /// <summary>Ends <paramref name="body"/> when it is a part of template <paramref name="m"/> (its members all found).</summary>
    private static void ClosePart(IndentedSourceWriter m, IndentedSourceWriter body)
    {
        if (body != m)
        {
            body.Line("return " + Result + ".Success(default);");
            body.Close();
        }
    }

    /// <summary>One member of an object template: into the members array (none for a record, which takes them at the end).</summary>
    private static void Member(IndentedSourceWriter m, RecordShape? record, string index, string key, string value)
    {
        if (record is null)
        {
            m.Line("members[" + index + "] = " + CJson + ".Member(" + Literal(key) + ", " + value + ");");
        }
    }

    /// <summary>JSONPath Assign: the template over the state result.</summary>
    private string? Assign(JsonSyntaxNode? node, string name)
    {
        var template = Template(node, name);
        return template is null ? null : Expressions + ".OnResult(" + template + ")";
    }

    /// <summary>ResultPath (JsonPathFields.ResultPath + ResultPath.Apply); null when the result is the output.</summary>
    private string? ResultPath(NullablePath? path, string name)
    {
        if (path is null)
        {
            return null;
        }

        if (path.IsNull)
        {
            return Expressions + ".RawInput";
        }

        var text = path.Path!;
        if (text == "$")
        {
            return null;
        }

        if (!JsonPathParser.TryParse(text, out var expression, out var error))
        {
            return Hoist(Exec + "ResultCombiner", Expressions + ".FailCombiner(" + Literal(Runtime) + ", " + Literal("Invalid path '" + text + "': " + error!.Message) + ")");
        }

        var straight = expression!.IsDefinite && expression.Root == JsonPathRoot.Input && expression.Function is null && expression.Segments.Count <= MaxWrittenSegments;
        foreach (var segment in expression.Segments)
        {
            straight &= segment is JsonPathPropertySegment { Names.Count: 1 };
        }

        if (!straight)
        {
            var field = Unique("s_resultPath");
            _fields.Add("private static readonly " + CompiledNs + "CompiledJsonPath " + field + " = new " + CompiledNs + "CompiledJsonPath(" + Literal(text) + ");");
            return Hoist(Exec + "ResultCombiner", "(raw, result, _) => " + field + ".ApplyResult(raw, result)");
        }

        var method = Unique(name);
        var m = Method();
        var segments = expression.Segments;
        var mismatch = "return " + Expressions + ".ResultPathMismatch(" + Literal(expression.Text) + ", raw);";
        m.Line("/// <summary>ResultPath <c>" + Xml(text) + "</c>: the result put into the raw input, missing objects created.</summary>");
        m.Open("private static " + Result + " " + method + "(" + Json + " raw, " + Json + " result, " + Frame + " frame)");
        m.Line(Json + " r = result.IsUndefined ? " + Json + ".Null : result;");
        if (segments.Count == 0)
        {
            m.Line("return " + Result + ".Success(r);");
            m.Close();
            return method;
        }

        m.Open("if (!raw.TryGetObject(out global::AslCompiler.Runtime.Json.JsonObjectValue? o0))");
        m.Line(mismatch);
        m.Close();
        for (var i = 1; i < segments.Count; i++)
        {
            var prev = (i - 1).ToString(CultureInfo.InvariantCulture);
            var cur = i.ToString(CultureInfo.InvariantCulture);
            var parentName = Literal(((JsonPathPropertySegment)segments[i - 1]).Name);
            m.Line(Json + " c" + cur + " = o" + prev + "[" + parentName + "];");
            m.Line("global::AslCompiler.Runtime.Json.JsonObjectValue o" + cur + ";");
            m.Open("if (c" + cur + ".TryGetObject(out global::AslCompiler.Runtime.Json.JsonObjectValue? e" + cur + "))");
            m.Line("o" + cur + " = e" + cur + ";");
            m.Close();
            m.Open("else if (c" + cur + ".IsUndefined)");
            m.Line("o" + cur + " = global::AslCompiler.Runtime.Json.JsonObjectValue.Empty;");
            m.Close();
            m.Open("else");
            m.Line(mismatch);
            m.Close();
        }

        var value = "r";
        for (var i = segments.Count - 1; i >= 0; i--)
        {
            value = Json + ".FromObject(o" + i.ToString(CultureInfo.InvariantCulture) + ".SetItem(" + Literal(((JsonPathPropertySegment)segments[i]).Name) + ", " + value + "))";
        }

        m.Line("return " + Result + ".Success(" + value + ");");
        m.Close();
        return method;
    }

    // ---- Choice rules (ChoiceConditions) ----

    private string Rule(JsonObjectSyntax? rule, string name, int depth)
    {
        if (depth > MaxRuleDepth || rule is null)
        {
            return Fail(Runtime, "A Choice rule must be an object.");
        }

        if (rule.TryGetProperty("And", out var andOr) || rule.TryGetProperty("Or", out andOr))
        {
            var isAnd = rule.ContainsKey("And");
            if (andOr.Value is not JsonArraySyntax rules)
            {
                return Fail(Runtime, "And/Or takes an array of rules.");
            }

            var parts = new List<string>();
            for (var i = 0; i < rules.Items.Count; i++)
            {
                parts.Add(Rule(rules.Items[i] as JsonObjectSyntax, name + "_" + (i + 1).ToString(CultureInfo.InvariantCulture), depth + 1));
            }

            var method = Unique(name);
            var m = Method();
            m.Line("/// <summary>" + (isAnd ? "And" : "Or") + " of " + parts.Count.ToString(CultureInfo.InvariantCulture) + " rules.</summary>");
            OpenExpressionMethod(m, method);
            for (var i = 0; i < parts.Count; i++)
            {
                var r = "r" + i.ToString(CultureInfo.InvariantCulture);
                m.Line(Result + " " + r + " = " + Callable(parts[i]) + "(value, frame);");
                m.Open("if (!" + r + ".IsSuccess)");
                m.Line("return " + r + ";");
                m.Close();
                m.Open("if (" + (isAnd ? "!" : string.Empty) + r + ".Value.IsTrue)");
                m.Line("return " + CJson + "." + (isAnd ? "False" : "True") + ";");
                m.Close();
            }

            m.Line("return " + CJson + "." + (isAnd ? "True" : "False") + ";");
            m.Close();
            return method;
        }

        if (rule.TryGetProperty("Not", out var not))
        {
            var inner = Rule(not.Value as JsonObjectSyntax, name + "_Not", depth + 1);
            var method = Unique(name);
            var m = Method();
            m.Line("/// <summary>Not.</summary>");
            OpenExpressionMethod(m, method);
            m.Line(Result + " r = " + Callable(inner) + "(value, frame);");
            m.Line("return !r.IsSuccess ? r : r.Value.IsTrue ? " + CJson + ".False : " + CJson + ".True;");
            m.Close();
            return method;
        }

        if (!rule.TryGetProperty("Variable", out var variable) || variable.Value is not JsonStringSyntax variableText)
        {
            return Fail(Runtime, "A Choice rule needs a Variable.");
        }

        if (!JsonPathParser.TryParse(variableText.Value, out var variablePath, out var variableError))
        {
            return Fail(Runtime, "Invalid path '" + variableText.Value + "': " + variableError!.Message);
        }

        foreach (var member in rule.Properties)
        {
            var op = member.Name;
            if (op is "Variable" or "Next" or "Comment" or "Assign" or "Output")
            {
                continue;
            }

            if (op == "IsPresent")
            {
                var left = PlainPath(variableText.Value, name + "_Variable");
                var expected = member.Value is JsonBooleanSyntax { Value: true };
                var method = Unique(name);
                var m = Method();
                m.Line("/// <summary><c>" + Xml(Shorten(rule.ToJsonString())) + "</c></summary>");
                OpenExpressionMethod(m, method);
                m.Line("return " + CJson + ".IsPresent(" + Callable(left) + "(value, frame), " + (variablePath!.HasDefiniteSegments ? "true" : "false") + ", " + (expected ? "true" : "false") + ");");
                m.Close();
                return method;
            }

            string? operandPath = null;
            if (op.EndsWith("Path", StringComparison.Ordinal))
            {
                op = op.Substring(0, op.Length - 4);
                if (member.Value is not JsonStringSyntax operandText || !JsonPathParser.TryParse(operandText.Value, out _, out _))
                {
                    return Fail(Runtime, member.Name + " must be a valid path.");
                }

                operandPath = operandText.Value;
            }

            if (!ChoiceOperatorNames.Contains(op))
            {
                return Fail(Runtime, "Unknown Choice operator '" + member.Name + "'.");
            }

            {
                var method = Unique(name);
                var m = Method();
                m.Line("/// <summary><c>" + Xml(Shorten(rule.ToJsonString())) + "</c></summary>");
                OpenExpressionMethod(m, method);
                PathValue(m, variableText.Value, name + "_Variable", "left", failed => "return " + failed + ";");
                string operand;
                if (operandPath is not null)
                {
                    PathValue(m, operandPath, name + "_Operand", "right", failed => "return " + failed + ";");
                    operand = "right";
                }
                else if (op == "StringEquals" && member.Value is JsonStringSyntax literal)
                {
                    operand = Literal(literal.Value);
                }
                else
                {
                    operand = Constant(member.Value);
                }

                m.Line("return " + CJson + ".Condition(" + CompiledNs + "ChoiceOperators." + op + "(left, " + operand + "));");
                m.Close();
                return method;
            }
        }

        return Fail(Runtime, "The Choice rule has no comparison operator.");
    }

    private static readonly HashSet<string> ChoiceOperatorNames = new(StringComparer.Ordinal)
    {
        "IsNull", "IsNumeric", "IsString", "IsBoolean", "IsTimestamp",
        "StringEquals", "StringLessThan", "StringGreaterThan", "StringLessThanEquals", "StringGreaterThanEquals", "StringMatches",
        "NumericEquals", "NumericLessThan", "NumericGreaterThan", "NumericLessThanEquals", "NumericGreaterThanEquals",
        "BooleanEquals",
        "TimestampEquals", "TimestampLessThan", "TimestampGreaterThan", "TimestampLessThanEquals", "TimestampGreaterThanEquals",
    };

    // ---- shared pieces ----

    /// <summary>A static readonly field holding a JSON constant (shared by identical constants).</summary>
    private string Constant(JsonSyntaxNode node)
    {
        var json = node.ToJsonString();
        if (_constants.TryGetValue(json, out var existing))
        {
            return existing;
        }

        var field = Unique("s_json");
        _constants[json] = field;
        _fields.Add("private static readonly " + Json + " " + field + " = " + CJson + ".Parse(" + Literal(json) + ");");
        return field;
    }

    /// <summary>An expression that always fails, held in a field so it is invocable like a method.</summary>
    private string Fail(string error, string cause) =>
        Hoist(Exec + "StateExpression", Expressions + ".Fail(" + Literal(error) + ", " + Literal(cause) + ")");

    private string Hoist(string type, string initializer)
    {
        var field = Unique("s_expression");
        _fields.Add("private static readonly " + type + " " + field + " = " + initializer + ";");
        return field;
    }

    private IndentedSourceWriter Method()
    {
        // Shares the output's blocks: splicing it in later copies nothing.
        var m = new IndentedSourceWriter(_output, _depth);
        _methods.Add(m);
        return m;
    }

    private string Unique(string baseName)
    {
        // Names joined from a nested template's keys grow with its depth: past the limit they end in a hash instead.
        baseName = CSharpIdentifiers.Shorten(baseName, CSharpIdentifiers.MaxMemberLength);
        var name = baseName;
        for (var i = 2; !_names.Add(name); i++)
        {
            name = baseName + i.ToString(CultureInfo.InvariantCulture);
        }

        return name;
    }

    private static void Add(List<string> fields, string name, string? value)
    {
        if (value is not null)
        {
            fields.Add(name + " = " + value);
        }
    }

    private static string StringArray(IReadOnlyList<string>? values)
    {
        if (values is null || values.Count == 0)
        {
            return "global::System.Array.Empty<string>()";
        }

        var items = new List<string>();
        foreach (var v in values)
        {
            items.Add(Literal(v));
        }

        return "new string[] { " + string.Join(", ", items) + " }";
    }

    private static string Shorten(string text) => text.Length <= 120 ? text : text.Substring(0, 117) + "...";

    private static string Literal(string value) => AslGenerator.StringLiteral(value);

    private static string Xml(string value) => AslGenerator.XmlText(value);
}
