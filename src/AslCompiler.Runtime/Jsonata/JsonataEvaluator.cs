using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using AslCompiler.Language.Jsonata;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.Jsonata;

/// <summary>
/// Evaluates a JSONata syntax tree with JSONata 2.0.6 semantics. One instance serves one evaluation (it holds the
/// clock reading, the depth counter and the deadline); it recurses over the (bounded) tree and bounds user recursion.
/// </summary>
internal sealed partial class JsonataEvaluator
{
    private readonly int _maxDepth;
    private readonly long _deadline;
    private int _depth;
    private int _ticks;

    private DateTimeOffset? _now;

    public JsonataEvaluator(JsonataOptions options)
    {
        Options = options;
        _maxDepth = options.MaxDepth;
        _deadline = options.Timeout is { } t && t > TimeSpan.Zero && t != System.Threading.Timeout.InfiniteTimeSpan
            ? Stopwatch.GetTimestamp() + (long)(t.TotalSeconds * Stopwatch.Frequency)
            : long.MaxValue;
    }

    public JsonataOptions Options { get; }

    /// <summary>The <see cref="Stopwatch"/> timestamp past which the evaluation fails (<see cref="long.MaxValue"/> for none).</summary>
    public long Deadline => _deadline;

    /// <summary>
    /// The evaluation's clock reading (constant within one evaluation, as in JSONata). Read when first needed, so an
    /// evaluation that never asks for the time never reads the clock (a journaled run records each reading).
    /// </summary>
    public DateTimeOffset Now => _now ??= Options.Clock.GetUtcNow();

    /// <summary>What <c>$random()</c>, <c>$shuffle</c> and <c>$uuid()</c> draw from: the options' source, or <see cref="System.Random.Shared"/>.</summary>
    public Random Random => Options.Random ?? System.Random.Shared;

    /// <summary>
    /// What starting the evaluation of a node does (the depth, stack and time guards); compiled code whose user
    /// functions can recurse calls it for each node it evaluates, so both fail at the same node.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Enter(int position)
    {
        if (++_depth > _maxDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw new JsonataException("U1001") { Position = position };
        }

        if ((++_ticks & 255) == 0 && Stopwatch.GetTimestamp() > _deadline)
        {
            throw JsonataLimits.Timeout().At(position);
        }
    }

    /// <summary>What finishing the evaluation of a node does to the depth (see <see cref="Enter"/>).</summary>
    internal void Leave() => _depth--;

    public object? Evaluate(JsonataNode expr, object? input, JsonataFrame env)
    {
        Enter(expr.Position);
        object? result;
        switch (expr)
        {
            case JsonataPathNode path:
                result = EvaluatePath(path, input, env);
                break;
            case JsonataBinaryNode binary:
                result = EvaluateBinary(binary, input, env);
                break;
            case JsonataNameNode name:
                result = Lookup(input, name.Name);
                break;
            case JsonataStringNode s:
                result = s.Value;
                break;
            case JsonataNumberNode n:
                result = n.Value;
                break;
            case JsonataBooleanNode b:
                result = Boxes.Bool(b.Value);
                break;
            case JsonataNullNode:
                result = JsonataNull.Value;
                break;
            case JsonataVariableNode v:
                result = v.IsContext ? Context(input) : env.Lookup(v.Name);
                break;
            case JsonataNegateNode neg:
                result = Negate(Evaluate(neg.Operand, input, env), neg.Position);
                break;
            case JsonataArrayNode array:
                result = EvaluateArray(array, input, env);
                break;
            case JsonataObjectNode obj:
                result = EvaluateGroup(obj.Pairs, obj.Position, input, env);
                break;
            case JsonataWildcardNode:
                result = EvaluateWildcard(input);
                break;
            case JsonataDescendantNode:
                result = EvaluateDescendants(input);
                break;
            case JsonataParentNode parent:
                result = env.Lookup(parent.Slot.Label);
                break;
            case JsonataConditionNode condition:
                result = IsTruthy(Evaluate(condition.Condition, input, env))
                    ? Evaluate(condition.Then, input, env)
                    : condition.Else is null ? null : Evaluate(condition.Else, input, env);
                break;
            case JsonataBlockNode block:
                result = null;
                var frame = new JsonataFrame(env);
                foreach (var e in block.Expressions)
                {
                    result = Evaluate(e, input, frame);
                }

                break;
            case JsonataBindNode bind:
                result = Evaluate(bind.Value, input, env);
                env.Bind(bind.Variable.Name, result);
                break;
            case JsonataRegexNode regex:
                result = new RegexFunction(JsonataRegexTranslator.Translate(regex.Pattern, regex.IgnoreCase, regex.Multiline, Options.RegexTimeout), regex.Pattern, regex.Position);
                break;
            case JsonataFunctionCallNode call when !call.IsPartial:
                result = EvaluateFunctionCall(call, input, env, false, null);
                break;
            case JsonataFunctionCallNode partial:
                result = EvaluatePartial(partial, input, env);
                break;
            case JsonataLambdaNode lambda:
                result = new LambdaFunction(lambda, input, env);
                break;
            case JsonataApplyNode apply:
                result = EvaluateApply(apply, input, env);
                break;
            case JsonataTransformNode transform:
                result = new TransformFunction(transform, env);
                break;
            case JsonataSortNode sort:
                result = EvaluateSort(sort, input is JsonataArray sa ? sa : JsonataArray.CreateSequence(input), env);
                break;
            default:
                result = null;
                break;
        }

        var predicates = expr.Predicates;
        for (var i = 0; i < predicates.Count; i++)
        {
            result = EvaluateFilter(predicates[i].Expression!, result, env);
        }

        if (expr.Kind != JsonataNodeKind.Path && expr.GroupBy is { } group)
        {
            result = EvaluateGroup(group.Pairs, group.Position, result, env);
        }

        result = Finish(result, expr.KeepArray);
        _depth--;
        return result;
    }

    /// <summary>What every node does with its value last: a sequence of none is undefined, of one its item (unless kept as an array).</summary>
    internal static object? Finish(object? result, bool keepArray)
    {
        if (result is JsonataArray { Sequence: true, TupleStream: false } seq)
        {
            if (keepArray)
            {
                seq.KeepSingleton = true;
            }

            if (seq.Count == 0)
            {
                return null;
            }

            if (seq.Count == 1 && !seq.KeepSingleton)
            {
                return seq[0];
            }
        }

        return result;
    }

    /// <summary>The context value <c>$</c>: the input, with the wrapper around an array document taken off.</summary>
    internal static object? Context(object? input) =>
        input is JsonataArray { OuterWrapper: true } w ? (w.Count > 0 ? w[0] : null) : input;

    // ---------------------------------------------------------------- paths

    private object? EvaluatePath(JsonataPathNode expr, object? input, JsonataFrame env) => Path(new NodePath(this, expr), input, env);

    /// <summary>
    /// A location path: each step over the values of the previous one, as a tuple stream from the first step that
    /// binds a variable (<c>@</c>, <c>#</c>) or that a <c>%</c> refers to. <paramref name="path"/> says what the steps
    /// are and evaluates their parts (the evaluator's nodes, or generated code).
    /// </summary>
    internal static object? Path<TPath>(TPath path, object? input, JsonataFrame env)
        where TPath : IJsonataPath
    {
        var count = path.Count;
        var inputSequence = PathInput(input, path.FirstIsVariable);

        object? resultSequence = null;
        var isTupleStream = false;
        JsonataArray? tupleBindings = null;

        for (var ii = 0; ii < count; ii++)
        {
            // Focus/index bindings and steps that a '%' refers to start a tuple stream (the parser marks them Tuple).
            if (path.Tuple(ii))
            {
                isTupleStream = true;
            }

            if (ii == 0 && path.ConsArray(ii))
            {
                resultSequence = path.Evaluate(ii, inputSequence, env);
            }
            else if (isTupleStream)
            {
                tupleBindings = TupleStep(path, ii, inputSequence, tupleBindings, env);
            }
            else
            {
                resultSequence = Step(path, ii, inputSequence, env, ii == count - 1);
            }

            if (!isTupleStream && IsEmptyStep(resultSequence))
            {
                break;
            }

            if (path.FocusVariable(ii) is null)
            {
                inputSequence = resultSequence as JsonataArray ?? JsonataArray.CreateSequence(resultSequence);
            }
        }

        if (isTupleStream)
        {
            if (path.PathTuple)
            {
                resultSequence = tupleBindings;
            }
            else
            {
                var seq = JsonataArray.CreateSequence();
                if (tupleBindings is not null)
                {
                    foreach (var t in tupleBindings)
                    {
                        seq.Add(((JsonataTuple)t!).Focus);
                    }
                }

                resultSequence = seq;
            }
        }

        if (path.KeepSingletonArray)
        {
            resultSequence = KeepSingleton(resultSequence);
        }

        if (path.HasGroup)
        {
            resultSequence = path.Group(isTupleStream ? tupleBindings : resultSequence, env);
        }

        return resultSequence;
    }

    /// <summary>The sequence a path's first step runs over: an array input as is (unless the step is a variable), anything else wrapped.</summary>
    internal static JsonataArray PathInput(object? input, bool firstStepIsVariable) =>
        input is JsonataArray ia && !firstStepIsVariable ? ia : JsonataArray.CreateSequence(input);

    /// <summary>Whether a step produced nothing, which ends the path.</summary>
    internal static bool IsEmptyStep(object? resultSequence) => resultSequence is null || resultSequence is JsonataArray { Count: 0 };

    /// <summary>A path ending in <c>[]</c>: its value stays an array even with one item.</summary>
    internal static object? KeepSingleton(object? resultSequence)
    {
        if (resultSequence is JsonataArray { Cons: true, Sequence: false } consArray)
        {
            resultSequence = JsonataArray.CreateSequence(consArray);
        }

        if (resultSequence is JsonataArray keep)
        {
            keep.KeepSingleton = true;
            return keep;
        }

        if (resultSequence is not null)
        {
            var s = JsonataArray.CreateSequence(resultSequence);
            s.KeepSingleton = true;
            return s;
        }

        return null;
    }

    private static object? Step<TPath>(TPath path, int step, JsonataArray input, JsonataFrame env, bool lastStep)
        where TPath : IJsonataPath
    {
        if (path.IsSort(step))
        {
            object? sorted = path.Sort(step, input, env);
            return Stages(path, step, sorted, env);
        }

        var result = JsonataArray.CreateSequence();
        var stages = path.StageCount(step);
        for (var ii = 0; ii < input.Count; ii++)
        {
            var res = path.Evaluate(step, input[ii], env);
            for (var ss = 0; ss < stages; ss++)
            {
                if (path.IndexStage(step, ss) is null)
                {
                    res = path.Filter(step, ss, res, env);
                }
            }

            if (res is not null)
            {
                result.Add(res);
            }
        }

        return StepResult(result, lastStep);
    }

    /// <summary>
    /// The value of one path step from the (defined) values it produced per input item: a lone array at the end
    /// of the path as is, otherwise the values flattened one level into a sequence (constructed arrays kept whole).
    /// </summary>
    internal static object? StepResult(JsonataArray result, bool lastStep)
    {
        if (lastStep && result.Count == 1 && result[0] is JsonataArray { Sequence: false } only)
        {
            return only;
        }

        var resultSequence = JsonataArray.CreateSequence();
        foreach (var res in result)
        {
            if (res is JsonataArray arr && !arr.Cons)
            {
                resultSequence.AddRange(arr);
            }
            else
            {
                resultSequence.Add(res);
            }
        }

        return resultSequence;
    }

    private static object? Stages<TPath>(TPath path, int step, object? input, JsonataFrame env)
        where TPath : IJsonataPath
    {
        var result = input;
        var stages = path.StageCount(step);
        for (var ss = 0; ss < stages; ss++)
        {
            if (path.IndexStage(step, ss) is not { } variable)
            {
                result = path.Filter(step, ss, result, env);
            }
            else if (result is JsonataArray tuples)
            {
                for (var ee = 0; ee < tuples.Count; ee++)
                {
                    if (tuples[ee] is JsonataTuple t)
                    {
                        t[variable] = (double)ee;
                    }
                }
            }
        }

        return result;
    }

    private static JsonataArray TupleStep<TPath>(TPath path, int step, JsonataArray input, JsonataArray? tupleBindings, JsonataFrame env)
        where TPath : IJsonataPath
    {
        JsonataArray result;
        if (path.IsSort(step))
        {
            if (tupleBindings is not null)
            {
                result = path.Sort(step, tupleBindings, env);
            }
            else
            {
                var sorted = path.Sort(step, input, env);
                result = JsonataArray.CreateSequence();
                result.TupleStream = true;
                var sortIndex = path.IndexVariable(step);
                for (var ss = 0; ss < sorted.Count; ss++)
                {
                    var tuple = new JsonataTuple { Focus = sorted[ss] };
                    if (sortIndex is not null)
                    {
                        tuple[sortIndex] = (double)ss;
                    }

                    result.Add(tuple);
                }
            }

            return (JsonataArray)Stages(path, step, result, env)!;
        }

        result = JsonataArray.CreateSequence();
        result.TupleStream = true;
        if (tupleBindings is null)
        {
            tupleBindings = new JsonataArray(input.Count);
            foreach (var item in input)
            {
                tupleBindings.Add(new JsonataTuple { Focus = item });
            }
        }

        var focusVariable = path.FocusVariable(step);
        var indexVariable = path.IndexVariable(step);
        var ancestor = path.AncestorLabel(step);
        foreach (var binding in tupleBindings)
        {
            var tb = (JsonataTuple)binding!;
            var stepEnv = FrameFromTuple(env, tb);
            var res = path.Evaluate(step, tb.Focus, stepEnv);
            if (res is null)
            {
                continue;
            }

            var resArray = res as JsonataArray;
            var count = resArray?.Count ?? 1;
            for (var bb = 0; bb < count; bb++)
            {
                var item = resArray is null ? res : resArray[bb];
                var tuple = new JsonataTuple(tb);
                if (resArray is { TupleStream: true } && item is JsonataTuple inner)
                {
                    foreach (var kv in inner)
                    {
                        tuple[kv.Key] = kv.Value;
                    }
                }
                else
                {
                    if (focusVariable is not null)
                    {
                        tuple[focusVariable] = item;
                        tuple.Focus = tb.Focus;
                    }
                    else
                    {
                        tuple.Focus = item;
                    }

                    if (indexVariable is not null)
                    {
                        tuple[indexVariable] = (double)bb;
                    }

                    if (ancestor is not null)
                    {
                        tuple[ancestor] = tb.Focus;
                    }
                }

                result.Add(tuple);
            }
        }

        return (JsonataArray)Stages(path, step, result, env)!;
    }

    /// <summary>The evaluator's view of a path node's steps (see <see cref="IJsonataPath"/>).</summary>
    private readonly struct NodePath : IJsonataPath
    {
        private readonly JsonataEvaluator _evaluator;
        private readonly JsonataPathNode _path;
        private readonly IReadOnlyList<JsonataNode> _steps;

        public NodePath(JsonataEvaluator evaluator, JsonataPathNode path)
        {
            _evaluator = evaluator;
            _path = path;
            _steps = path.Steps;
        }

        public int Count => _steps.Count;

        public bool FirstIsVariable => _steps[0].Kind == JsonataNodeKind.Variable;

        public bool PathTuple => _path.Tuple;

        public bool KeepSingletonArray => _path.KeepSingletonArray;

        public bool HasGroup => _path.GroupBy is not null;

        public bool Tuple(int step) => _steps[step].Tuple;

        public bool ConsArray(int step) => _steps[step].ConsArray;

        public string? FocusVariable(int step) => _steps[step].FocusVariable;

        public string? IndexVariable(int step) => _steps[step].IndexVariable;

        public string? AncestorLabel(int step) => _steps[step].Ancestor?.Label;

        public bool IsSort(int step) => _steps[step] is JsonataSortNode;

        public int StageCount(int step) => _steps[step].Stages.Count;

        public string? IndexStage(int step, int stage) =>
            _steps[step].Stages[stage] is { Kind: JsonataStageKind.Index } index ? index.Variable : null;

        public object? Evaluate(int step, object? context, JsonataFrame env) => _evaluator.Evaluate(_steps[step], context, env);

        public object? Filter(int step, int stage, object? input, JsonataFrame env) =>
            _evaluator.EvaluateFilter(_steps[step].Stages[stage].Expression!, input, env);

        public JsonataArray Sort(int step, JsonataArray input, JsonataFrame env) => _evaluator.EvaluateSort((JsonataSortNode)_steps[step], input, env);

        public object? Group(object? input, JsonataFrame env) => _evaluator.EvaluateGroup(_path.GroupBy!.Pairs, _path.GroupBy.Position, input, env);
    }

    internal static JsonataFrame FrameFromTuple(JsonataFrame env, JsonataTuple tuple)
    {
        var frame = new JsonataFrame(env);
        foreach (var kv in tuple)
        {
            frame.Bind(kv.Key, kv.Value);
        }

        return frame;
    }

    private object? EvaluateFilter(JsonataNode predicate, object? input, JsonataFrame env)
    {
        if (predicate is JsonataNumberNode number)
        {
            return FilterByIndex(input, number.Value);
        }

        var inputArray = FilterInput(input, out var results);
        for (var index = 0; index < inputArray.Count; index++)
        {
            var item = inputArray[index];
            var context = item;
            var frame = env;
            if (inputArray.TupleStream && item is JsonataTuple tuple)
            {
                context = tuple.Focus;
                frame = FrameFromTuple(env, tuple);
            }

            FilterSelect(results, item, Evaluate(predicate, context, frame), index, inputArray.Count);
        }

        return results;
    }

    /// <summary>The items a predicate runs over (an input that is not an array is a sequence of one) and the empty result sequence.</summary>
    internal static JsonataArray FilterInput(object? input, out JsonataArray results)
    {
        results = JsonataArray.CreateSequence();
        var inputArray = input as JsonataArray;
        if (inputArray is { TupleStream: true })
        {
            results.TupleStream = true;
        }

        return inputArray ?? JsonataArray.CreateSequence(input);
    }

    /// <summary>A predicate that is a number literal: the item at that index (negative counts from the end).</summary>
    internal static object FilterByIndex(object? input, double value)
    {
        var inputArray = FilterInput(input, out var results);
        var index = (int)Math.Max(Math.Min(Math.Floor(value), int.MaxValue), int.MinValue);
        if (index < 0)
        {
            index = inputArray.Count + index;
        }

        if (index >= 0 && index < inputArray.Count)
        {
            var item = inputArray[index];
            if (item is JsonataArray itemArray)
            {
                return itemArray;
            }

            if (item is not null)
            {
                results.Add(item);
            }
        }

        return results;
    }

    /// <summary>Keeps <paramref name="item"/> when the predicate's value <paramref name="res"/> selects it (a matching index, or truthy).</summary>
    internal static void FilterSelect(JsonataArray results, object? item, object? res, int index, int count)
    {
        if (res is double d && !double.IsNaN(d))
        {
            if (IndexMatches(d, index, count))
            {
                results.Add(item);
            }
        }
        else if (res is JsonataArray ra && IsArrayOfNumbers(ra))
        {
            JsonataLimits.Work(ra.Count);
            foreach (var n in ra)
            {
                if (IndexMatches((double)n!, index, count))
                {
                    results.Add(item);
                }
            }
        }
        else if (IsTruthy(res))
        {
            results.Add(item);
        }
    }

    private static bool IndexMatches(double value, int index, int count)
    {
        var ii = Math.Floor(value);
        if (ii < 0)
        {
            ii = count + ii;
        }

        return ii == index;
    }

    /// <summary>JSONata's <c>isArrayOfNumbers</c>: NaN is not a number to its <c>isNumeric</c>.</summary>
    internal static bool IsArrayOfNumbers(JsonataArray array)
    {
        foreach (var item in array)
        {
            if (item is not double d || double.IsNaN(d))
            {
                return false;
            }
        }

        return true;
    }

    internal static bool IsArrayOfStrings(JsonataArray array)
    {
        foreach (var item in array)
        {
            if (item is not string)
            {
                return false;
            }
        }

        return true;
    }

    // ---------------------------------------------------------------- names, wildcards

    internal static object? Lookup(object? input, string key)
    {
        switch (input)
        {
            case JsonObjectValue o:
                return o.TryGetValue(key, out var v) ? JsonataConvert.FromJson(v) : null;
            case JsonataObject jo:
                return jo[key];
            case JsonataArray array:
                // Nested arrays are looked into (their items' values make one flat result), and they can share parts:
                // the walk counts as work.
                var result = JsonataArray.CreateSequence();
                foreach (var item in JsonataArray.Leaves(array))
                {
                    var res = Lookup(item, key);
                    if (res is JsonataArray ra)
                    {
                        result.AddRange(ra);
                    }
                    else if (res is not null)
                    {
                        result.Add(res);
                    }
                }

                return result;
            default:
                return null;
        }
    }

    internal static object? EvaluateWildcard(object? input)
    {
        var results = JsonataArray.CreateSequence();
        if (input is JsonataArray { OuterWrapper: true } w && w.Count > 0)
        {
            input = w[0];
        }

        void AddValue(object? value)
        {
            if (value is JsonataArray a)
            {
                // JSONata appends an array value with concat, which returns a plain array: from then on the result is
                // an array, not a sequence (`{'a': [1]}.*` is [1], `{'a': []}.*` is []).
                Flatten(a, results);
                results.Sequence = false;
            }
            else if (value is not null)
            {
                results.Add(value);
            }
        }

        switch (input)
        {
            case JsonObjectValue o:
                foreach (var member in o.AsSpan())
                {
                    AddValue(JsonataConvert.FromJson(member.Value));
                }

                break;
            case JsonataObject jo:
                foreach (var key in jo.Keys)
                {
                    AddValue(jo[key]);
                }

                break;
            case JsonataArray array:
                foreach (var item in array)
                {
                    AddValue(item);
                }

                break;
        }

        return results;
    }

    private static void Flatten(JsonataArray array, JsonataArray into)
    {
        foreach (var item in JsonataArray.Leaves(array))
        {
            into.Add(item);
        }
    }

    internal static object? EvaluateDescendants(object? input)
    {
        if (input is null)
        {
            return null;
        }

        var results = JsonataArray.CreateSequence();
        RecurseDescendants(input, results, 0);
        return results.Count == 1 ? results[0] : results;
    }

    private static void RecurseDescendants(object? input, JsonataArray results, int depth)
    {
        if (depth > 5000)
        {
            throw new JsonataException("U1001");
        }

        // Arrays and objects can share parts, so a small value can stand for a huge tree: the walk counts as work.
        JsonataLimits.Work(1);
        switch (input)
        {
            case JsonataArray array:
                foreach (var item in array)
                {
                    RecurseDescendants(item, results, depth + 1);
                }

                break;
            case JsonObjectValue o:
                results.Add(o);
                foreach (var member in o.AsSpan())
                {
                    RecurseDescendants(JsonataConvert.FromJson(member.Value), results, depth + 1);
                }

                break;
            case JsonataObject jo:
                results.Add(jo);
                foreach (var key in jo.Keys)
                {
                    RecurseDescendants(jo[key], results, depth + 1);
                }

                break;
            default:
                results.Add(input);
                break;
        }
    }

    // ---------------------------------------------------------------- operators

    /// <summary>
    /// Unary minus (NaN is not numeric to JSONata: negating it is D1002; JSONata's <c>isNumeric</c> test rejects an
    /// infinity with D1001 before the sign changes, so <c>$string(-(1/0))</c> fails there rather than in <c>$string</c>).
    /// </summary>
    internal static object? Negate(object? value, int position)
    {
        CheckFinite(value);
        return value switch
        {
            null => null,
            double d when !double.IsNaN(d) => -d,
            _ => throw new JsonataException("D1002") { Position = position, Token = "-", Value = value, HasValue = true },
        };
    }

    private object? EvaluateArray(JsonataArrayNode expr, object? input, JsonataFrame env)
    {
        var result = new JsonataArray(expr.Items.Count);
        foreach (var item in expr.Items)
        {
            AddArrayItem(result, Evaluate(item, input, env), item.Kind == JsonataNodeKind.Array);
        }

        if (expr.ConsArray)
        {
            result.Cons = true;
        }

        return result;
    }

    /// <summary>One item of an array constructor: undefined is left out, a nested constructor kept whole, other arrays spliced in.</summary>
    internal static void AddArrayItem(JsonataArray result, object? value, bool nestedConstructor)
    {
        if (value is null)
        {
            return;
        }

        if (nestedConstructor)
        {
            result.Add(value);
        }
        else if (value is JsonataArray va)
        {
            result.AddRange(va);
        }
        else
        {
            result.Add(value);
        }
    }

    private object? EvaluateBinary(JsonataBinaryNode expr, object? input, JsonataFrame env)
    {
        var op = expr.Operator;
        var lhs = Evaluate(expr.Left, input, env);
        if (op == JsonataBinaryOperator.And)
        {
            return Boxes.Bool(IsTruthy(lhs) && IsTruthy(Evaluate(expr.Right, input, env)));
        }

        if (op == JsonataBinaryOperator.Or)
        {
            return Boxes.Bool(IsTruthy(lhs) || IsTruthy(Evaluate(expr.Right, input, env)));
        }

        return Binary(op, lhs, Evaluate(expr.Right, input, env), expr.Position, expr.OperatorText);
    }

    /// <summary>A binary operator other than <c>and</c>/<c>or</c> over evaluated operands; errors carry its position and text.</summary>
    internal static object? Binary(JsonataBinaryOperator op, object? lhs, object? rhs, int position, string operatorText)
    {
        try
        {
            switch (op)
            {
                case JsonataBinaryOperator.Add:
                case JsonataBinaryOperator.Subtract:
                case JsonataBinaryOperator.Multiply:
                case JsonataBinaryOperator.Divide:
                case JsonataBinaryOperator.Modulo:
                    return Arithmetic(lhs, rhs, op);
                case JsonataBinaryOperator.Equal:
                    return Boxes.Bool(lhs is not null && rhs is not null && DeepEquals(lhs, rhs));
                case JsonataBinaryOperator.NotEqual:
                    return Boxes.Bool(lhs is not null && rhs is not null && !DeepEquals(lhs, rhs));
                case JsonataBinaryOperator.LessThan:
                case JsonataBinaryOperator.LessThanOrEqual:
                case JsonataBinaryOperator.GreaterThan:
                case JsonataBinaryOperator.GreaterThanOrEqual:
                    return Compare(lhs, rhs, op);
                case JsonataBinaryOperator.Concat:
                    return Concat(lhs is null ? string.Empty : JsonataFunctions.StringOf(lhs), rhs is null ? string.Empty : JsonataFunctions.StringOf(rhs));
                case JsonataBinaryOperator.Range:
                    return Range(lhs, rhs);
                case JsonataBinaryOperator.In:
                    return Boxes.Bool(Includes(lhs, rhs));
                default:
                    return null;
            }
        }
        catch (JsonataException e) when (e.Annotate(position, operatorText))
        {
            throw;
        }
    }

    /// <summary>The <c>&amp;</c> operator on its operands' texts, within <see cref="JsonataLimits.MaxStringLength"/>.</summary>
    private static string Concat(string left, string right)
    {
        long length = left.Length + (long)right.Length;
        JsonataLimits.CheckStringLength(length);
        JsonataLimits.Work(length);
        return string.Concat(left, right);
    }

    private static object? Arithmetic(object? lhs, object? rhs, JsonataBinaryOperator op)
    {
        CheckFinite(lhs);
        CheckFinite(rhs);
        if (lhs is not null && (lhs is not double ld || double.IsNaN(ld)))
        {
            throw new JsonataException("T2001") { Value = lhs, HasValue = true };
        }

        if (rhs is not null && (rhs is not double rd || double.IsNaN(rd)))
        {
            throw new JsonataException("T2002") { Value = rhs, HasValue = true };
        }

        if (lhs is null || rhs is null)
        {
            return null;
        }

        var l = (double)lhs;
        var r = (double)rhs;
        return op switch
        {
            JsonataBinaryOperator.Add => l + r,
            JsonataBinaryOperator.Subtract => l - r,
            JsonataBinaryOperator.Multiply => l * r,
            JsonataBinaryOperator.Divide => l / r,
            _ => l % r,
        };
    }

    /// <summary>JSONata's <c>isNumeric</c> rejects infinities with D1001 wherever it inspects a number.</summary>
    internal static void CheckFinite(object? value)
    {
        if (value is double d && double.IsInfinity(d))
        {
            throw new JsonataException("D1001") { Value = d, HasValue = true };
        }
    }

    private static object? Compare(object? lhs, object? rhs, JsonataBinaryOperator op)
    {
        var lComparable = lhs is null or string or double;
        var rComparable = rhs is null or string or double;
        if (!lComparable || !rComparable)
        {
            throw new JsonataException("T2010") { Value = lhs is string or double ? rhs : lhs, HasValue = true };
        }

        if (lhs is null || rhs is null)
        {
            return null;
        }

        int c;
        if (lhs is double l && rhs is double r)
        {
            if (double.IsNaN(l) || double.IsNaN(r))
            {
                return Boxes.False;
            }

            c = l.CompareTo(r);
        }
        else if (lhs is string ls && rhs is string rs)
        {
            c = string.CompareOrdinal(ls, rs);
        }
        else
        {
            throw new JsonataException("T2009") { Value = lhs, Value2 = rhs, HasValue = true };
        }

        return Boxes.Bool(op switch
        {
            JsonataBinaryOperator.LessThan => c < 0,
            JsonataBinaryOperator.LessThanOrEqual => c <= 0,
            JsonataBinaryOperator.GreaterThan => c > 0,
            _ => c >= 0,
        });
    }

    private static object? Range(object? lhs, object? rhs)
    {
        if (lhs is not null && !(lhs is double l0 && Math.Floor(l0) == l0 && double.IsFinite(l0)))
        {
            throw new JsonataException("T2003") { Value = lhs, HasValue = true };
        }

        if (rhs is not null && !(rhs is double r0 && Math.Floor(r0) == r0 && double.IsFinite(r0)))
        {
            throw new JsonataException("T2004") { Value = rhs, HasValue = true };
        }

        if (lhs is null || rhs is null)
        {
            return null;
        }

        var l = (double)lhs;
        var r = (double)rhs;
        if (l > r)
        {
            return null;
        }

        var size = r - l + 1;
        if (size > 1e7)
        {
            throw new JsonataException("D2014") { Value = size, HasValue = true };
        }

        var result = new JsonataArray((int)size) { Sequence = true };
        for (var item = l; item <= r; item++)
        {
            result.Add(item);
            if (result.Count % 4096 == 0)
            {
                JsonataLimits.Work(4096);
            }
        }

        return result;
    }

    private static bool Includes(object? lhs, object? rhs)
    {
        if (lhs is null || rhs is null)
        {
            return false;
        }

        if (rhs is JsonataArray array)
        {
            // The right side is evaluated again for each item a predicate tests: the scan counts as work.
            JsonataLimits.Work(array.Count);
            foreach (var item in array)
            {
                if (StrictEquals(item, lhs))
                {
                    return true;
                }
            }

            return false;
        }

        return StrictEquals(rhs, lhs);
    }

    /// <summary>JavaScript's <c>===</c>: primitives by value, everything else by reference.</summary>
    internal static bool StrictEquals(object? a, object? b) => (a, b) switch
    {
        (double x, double y) => x == y,
        (string x, string y) => string.Equals(x, y, StringComparison.Ordinal),
        (bool x, bool y) => x == y,
        _ => ReferenceEquals(a, b),
    };

    /// <summary>
    /// JSONata's deep equality. Iterative: a value built in a loop (<c>$reduce</c> wrapping a value in an object a hundred
    /// thousand times) nests deeper than the stack allows recursion, and comparing it must not overflow the stack.
    /// </summary>
    internal static bool DeepEquals(object? a, object? b)
    {
        Stack<EqualityFrame>? pending = null;
        while (true)
        {
            if (!ShallowEquals(a, b, ref pending))
            {
                return false;
            }

            // The next pair of items or member values still to compare, from the innermost array or object.
            while (true)
            {
                if (pending is null || pending.Count == 0)
                {
                    return true;
                }

                if (pending.Peek().Next(out a, out b))
                {
                    break;
                }

                pending.Pop();
            }
        }
    }

    /// <summary>
    /// Compares <paramref name="a"/> and <paramref name="b"/> short of their items and member values, which it leaves on
    /// <paramref name="pending"/> to compare: false when they differ already.
    /// </summary>
    private static bool ShallowEquals(object? a, object? b, ref Stack<EqualityFrame>? pending)
    {
        if (a is double x && b is double y)
        {
            return x == y;
        }

        if (a is string s1 && b is string s2)
        {
            return string.Equals(s1, s2, StringComparison.Ordinal);
        }

        if (a is bool b1 && b is bool b2)
        {
            return b1 == b2;
        }

        if (ReferenceEquals(a, b))
        {
            // The same array or object (JSONata's === test comes first too), or both undefined.
            return true;
        }

        if (a is JsonataArray a1 && b is JsonataArray a2)
        {
            if (a1.Count != a2.Count)
            {
                return false;
            }

            JsonataLimits.Work(a1.Count);
            (pending ??= new Stack<EqualityFrame>()).Push(new EqualityFrame(a1, a2, null));
            return true;
        }

        if (IsObject(a) && IsObject(b))
        {
            if (a is JsonObjectValue o1 && b is JsonObjectValue o2)
            {
                return o1.Equals(o2);
            }

            var keys1 = ObjectKeys(a!);
            var keys2 = ObjectKeys(b!);
            if (keys1.Count != keys2.Count)
            {
                return false;
            }

            JsonataLimits.Work(keys1.Count);
            foreach (var key in keys1)
            {
                if (!HasKey(b!, key))
                {
                    return false;
                }
            }

            (pending ??= new Stack<EqualityFrame>()).Push(new EqualityFrame(a!, b!, keys1));
            return true;
        }

        return false;
    }

    /// <summary>Two arrays, or two objects with <see cref="Keys"/>, whose items or member values are being compared in turn.</summary>
    private sealed class EqualityFrame(object first, object second, List<string>? keys)
    {
        private int _next;

        /// <summary>The keys of both objects (null for arrays).</summary>
        public List<string>? Keys { get; } = keys;

        /// <summary>The next pair to compare; false when none is left.</summary>
        public bool Next(out object? a, out object? b)
        {
            if (Keys is null)
            {
                var items1 = (JsonataArray)first;
                if (_next < items1.Count)
                {
                    a = items1[_next];
                    b = ((JsonataArray)second)[_next];
                    _next++;
                    return true;
                }
            }
            else if (_next < Keys.Count)
            {
                var key = Keys[_next++];
                a = Lookup(first, key);
                b = Lookup(second, key);
                return true;
            }

            a = b = null;
            return false;
        }
    }

    internal static bool IsObject(object? value) => value is JsonObjectValue or JsonataObject;

    internal static List<string> ObjectKeys(object value)
    {
        var keys = new List<string>();
        if (value is JsonObjectValue o)
        {
            foreach (var member in o.AsSpan())
            {
                keys.Add(member.Key);
            }
        }
        else if (value is JsonataObject jo)
        {
            keys.AddRange(jo.Keys);
        }

        return keys;
    }

    internal static bool HasKey(object value, string key) => value switch
    {
        JsonObjectValue o => o.ContainsKey(key),
        JsonataObject jo => jo.ContainsKey(key),
        _ => false,
    };

    /// <summary>JSONata's <c>$boolean</c> casting rules (undefined counts as false).</summary>
    internal static bool IsTruthy(object? value)
    {
        switch (value)
        {
            case null:
            case JsonataNull:
                return false;
            case bool b:
                return b;
            case double d:
                return d != 0 && !double.IsNaN(d);
            case string s:
                return s.Length > 0;
            case JsonataArray a:
                // True when any item is, at any depth (an item of a nested array is never an array itself).
                foreach (var item in JsonataArray.Leaves(a))
                {
                    if (IsTruthy(item))
                    {
                        return true;
                    }
                }

                return false;
            case JsonObjectValue o:
                return o.Count > 0;
            case JsonataObject jo:
                return jo.Count > 0;
            case JsonataFunction:
                return false;
            default:
                return false;
        }
    }

    // ---------------------------------------------------------------- object constructors, grouping

    private JsonataObject EvaluateGroup(IReadOnlyList<JsonataObjectPair> pairs, int position, object? input, JsonataFrame env) =>
        Group(
            (Evaluator: this, Pairs: pairs),
            pairs.Count,
            position,
            input,
            env,
            static (st, i, context, frame) => st.Evaluator.Evaluate(st.Pairs[i].Key, context, frame),
            static (st, i, context, frame) => st.Evaluator.Evaluate(st.Pairs[i].Value, context, frame));

    /// <summary>
    /// An object constructor (or group-by) over <paramref name="input"/>: every item is grouped under the key each pair
    /// gives it, then each pair's value is evaluated over its group. <paramref name="key"/> and <paramref name="value"/>
    /// evaluate pair <c>i</c> on a context in a frame.
    /// </summary>
    internal static JsonataObject Group<TState>(
        TState state,
        int pairCount,
        int position,
        object? input,
        JsonataFrame env,
        Func<TState, int, object?, JsonataFrame, object?> key,
        Func<TState, int, object?, JsonataFrame, object?> value)
    {
        var result = new JsonataObject();
        var reduce = input is JsonataArray { TupleStream: true };
        var items = input as JsonataArray ?? JsonataArray.CreateSequence(input);
        if (items.Count == 0)
        {
            items = JsonataArray.CreateSequence(null);
        }

        // A group's data is its first item, then an array of its items that this grouping owns and appends to (JSONata
        // appends with a copy each time, which is quadratic in the items of a key).
        var groups = new Dictionary<string, (object? Data, int ExprIndex, bool Owned)>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var item in items)
        {
            var frame = reduce && item is JsonataTuple t ? FrameFromTuple(env, t) : env;
            for (var pairIndex = 0; pairIndex < pairCount; pairIndex++)
            {
                var keyValue = key(state, pairIndex, reduce && item is JsonataTuple t2 ? t2.Focus : item, frame);
                if (keyValue is null)
                {
                    continue;
                }

                if (keyValue is not string k)
                {
                    throw new JsonataException("T1003") { Position = position, Value = keyValue, HasValue = true };
                }

                if (groups.TryGetValue(k, out var entry))
                {
                    if (entry.ExprIndex != pairIndex)
                    {
                        throw new JsonataException("D1009") { Position = position, Value = k, HasValue = true };
                    }

                    if (entry.Owned)
                    {
                        AppendInPlace((JsonataArray)entry.Data!, item);
                    }
                    else
                    {
                        groups[k] = (JsonataFunctions.Append(entry.Data, item), pairIndex, entry.Data is not null && item is not null);
                    }
                }
                else
                {
                    groups[k] = (item, pairIndex, false);
                    order.Add(k);
                }
            }
        }

        foreach (var k in order)
        {
            var entry = groups[k];
            var context = entry.Data;
            var frame = env;
            if (reduce)
            {
                var tuple = ReduceTupleStream(entry.Data);
                context = tuple.Focus;
                tuple.Remove("@");
                frame = FrameFromTuple(env, tuple);
            }

            var pairValue = value(state, entry.ExprIndex, context, frame);
            if (pairValue is not null)
            {
                result[k] = pairValue;
            }
        }

        return result;
    }

    /// <summary>What <see cref="JsonataFunctions.Append"/> adds to a copy of an array, added to the array itself.</summary>
    private static void AppendInPlace(JsonataArray array, object? item)
    {
        if (item is JsonataArray items)
        {
            array.AddRange(items);
        }
        else if (item is not null)
        {
            array.Add(item);
        }
    }

    private static JsonataTuple ReduceTupleStream(object? stream)
    {
        if (stream is JsonataTuple single)
        {
            return new JsonataTuple(single);
        }

        var result = new JsonataTuple();
        if (stream is JsonataArray array && array.Count > 0)
        {
            foreach (var kv in (JsonataTuple)array[0]!)
            {
                result[kv.Key] = kv.Value;
            }

            for (var ii = 1; ii < array.Count; ii++)
            {
                foreach (var kv in (JsonataTuple)array[ii]!)
                {
                    result[kv.Key] = JsonataFunctions.Append(result.TryGetValue(kv.Key, out var existing) ? existing : null, kv.Value);
                }
            }
        }

        return result;
    }

    // ---------------------------------------------------------------- sorting

    private JsonataArray EvaluateSort(JsonataSortNode expr, JsonataArray input, JsonataFrame env) =>
        Sort(
            (Evaluator: this, Terms: expr.Terms),
            expr.Terms.Count,
            expr.Position,
            input,
            env,
            static (st, i) => st.Terms[i].Descending,
            static (st, i, context, frame) => st.Evaluator.Evaluate(st.Terms[i].Expression, context, frame));

    /// <summary>
    /// An order-by <c>^(...)</c> over <paramref name="input"/>: a stable merge sort on the terms in turn (numbers or
    /// strings, undefined last). <paramref name="term"/> evaluates term <c>i</c> on a context in a frame.
    /// </summary>
    internal static JsonataArray Sort<TState>(
        TState state,
        int termCount,
        int position,
        JsonataArray input,
        JsonataFrame env,
        Func<TState, int, bool> descending,
        Func<TState, int, object?, JsonataFrame, object?> term)
    {
        var isTupleSort = input.TupleStream;
        int Comparator(object? a, object? b)
        {
            var comp = 0;
            for (var index = 0; comp == 0 && index < termCount; index++)
            {
                var context = a;
                var frame = env;
                if (isTupleSort && a is JsonataTuple ta)
                {
                    context = ta.Focus;
                    frame = FrameFromTuple(env, ta);
                }

                var aa = term(state, index, context, frame);
                context = b;
                frame = env;
                if (isTupleSort && b is JsonataTuple tb)
                {
                    context = tb.Focus;
                    frame = FrameFromTuple(env, tb);
                }

                var bb = term(state, index, context, frame);
                if (aa is null)
                {
                    comp = bb is null ? 0 : 1;
                    continue;
                }

                if (bb is null)
                {
                    comp = -1;
                    continue;
                }

                if (aa is not (string or double) || bb is not (string or double))
                {
                    throw new JsonataException("T2008") { Position = position, Value = aa is string or double ? bb : aa, HasValue = true };
                }

                if (aa.GetType() != bb.GetType())
                {
                    throw new JsonataException("T2007") { Position = position, Value = aa, Value2 = bb, HasValue = true };
                }

                comp = aa is double da ? da.CompareTo((double)bb) : string.CompareOrdinal((string)aa, (string)bb);
                comp = Math.Sign(comp);
                if (descending(state, index))
                {
                    comp = -comp;
                }
            }

            return comp;
        }

        var sorted = JsonataFunctions.MergeSort(input, (a, b) => Comparator(a, b) > 0);
        sorted.Sequence = true;
        sorted.TupleStream = input.TupleStream;
        return sorted;
    }

    // ---------------------------------------------------------------- functions

    private object? EvaluateFunctionCall(JsonataFunctionCallNode expr, object? input, JsonataFrame env, bool hasApplyTo, object? applyTo)
    {
        var proc = CheckCalled(Evaluate(expr.Procedure, input, env), env, expr.Position, ProcedurePathName(expr.Procedure));
        var args = new object?[expr.Arguments.Count + (hasApplyTo ? 1 : 0)];
        var offset = 0;
        if (hasApplyTo)
        {
            args[0] = applyTo;
            offset = 1;
        }

        for (var jj = 0; jj < expr.Arguments.Count; jj++)
        {
            args[jj + offset] = Evaluate(expr.Arguments[jj], input, env);
        }

        return Call(proc, args, input, env, expr.Position, ProcedureName(expr.Procedure));
    }

    /// <summary>The first step's name when a called procedure is a path starting with a field name (<c>foo.bar()</c>).</summary>
    internal static string? ProcedurePathName(JsonataNode procedure) =>
        procedure is JsonataPathNode path && path.Steps[0] is JsonataNameNode firstName ? firstName.Name : null;

    /// <summary>The name a call's errors carry: the variable's, or the first field name of a path.</summary>
    internal static string? ProcedureName(JsonataNode procedure) =>
        ProcedurePathName(procedure) ?? (procedure is JsonataVariableNode v ? v.Name : null);

    /// <summary>
    /// A called procedure that is undefined but whose path starts with a name bound as a variable (<c>sum()</c> for
    /// <c>$sum()</c>): T1005 (T1007 for a partial application).
    /// </summary>
    internal static object? CheckCalled(object? proc, JsonataFrame env, int position, string? pathFirstName, string code = "T1005")
    {
        if (proc is null && pathFirstName is not null && env.Lookup(pathFirstName) is not null)
        {
            throw new JsonataException(code) { Position = position, Token = pathFirstName };
        }

        return proc;
    }

    /// <summary>The characters and items of a built-in's arguments.</summary>
    private static long ArgumentsSize(object?[] args)
    {
        long size = 0;
        foreach (var arg in args)
        {
            size += arg switch
            {
                string s => s.Length,
                JsonataArray a => a.Count,
                _ => 1,
            };
        }

        return size;
    }

    /// <summary>Applies a function to evaluated arguments; errors carry the call's position and the function's name.</summary>
    internal object? Call(object? proc, object?[] args, object? input, JsonataFrame env, int position, string? procName)
    {
        try
        {
            return Apply(proc, args, input, env);
        }
        catch (JsonataException e) when (e.Annotate(position, procName))
        {
            throw;
        }
    }

    public object? Apply(object? proc, object?[] args, object? input, JsonataFrame env)
    {
        var result = ApplyInner(proc, args, input, env);
        while (true)
        {
            if (result is CompiledThunk compiledThunk)
            {
                // A compiled tail call: procedure then arguments, as for a thunk below.
                var (nextProcedure, nextArgs) = compiledThunk.Evaluate();
                try
                {
                    result = ApplyInner(nextProcedure, nextArgs, input, env);
                }
                catch (JsonataException e) when (e.Annotate(compiledThunk.Position, compiledThunk.Name))
                {
                    throw;
                }

                continue;
            }

            if (result is not LambdaFunction { IsThunk: true } thunk)
            {
                break;
            }

            var body = (JsonataFunctionCallNode)thunk.Node.Body;
            var next = Evaluate(body.Procedure, thunk.Input, thunk.Environment);
            var evaluatedArgs = new object?[body.Arguments.Count];
            for (var ii = 0; ii < body.Arguments.Count; ii++)
            {
                evaluatedArgs[ii] = Evaluate(body.Arguments[ii], thunk.Input, thunk.Environment);
            }

            var procName = body.Procedure is JsonataVariableNode v ? v.Name : null;
            try
            {
                result = ApplyInner(next, evaluatedArgs, input, env);
            }
            catch (JsonataException e) when (e.Annotate(body.Position, procName))
            {
                throw;
            }
        }

        return result;
    }

    private object? ApplyInner(object? proc, object?[] args, object? input, JsonataFrame env)
    {
        if (proc is not JsonataFunction function)
        {
            throw new JsonataException("T1006");
        }

        // Function values can call one another with no node evaluated in between, where Enter guards the stack: a
        // composition of compositions or a partial application of partial applications, which a loop can nest
        // 100,000 deep. Running out of stack there is the same U1001 error as in a deep recursion.
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw new JsonataException("U1001");
        }

        var validated = function.Signature is { } signature ? signature.Validate(args, input) : args;
        switch (function)
        {
            case LambdaFunction lambda:
                {
                    var frame = new JsonataFrame(lambda.Environment);
                    var parameters = lambda.Node.Parameters;
                    for (var i = 0; i < parameters.Count; i++)
                    {
                        frame.Bind(parameters[i], i < validated.Length ? validated[i] : null);
                    }

                    return Evaluate(lambda.Node.Body, lambda.Input, frame);
                }

            case CompiledLambdaFunction compiled:
                {
                    var frame = new JsonataFrame(compiled.Environment);
                    var parameters = compiled.Parameters;
                    for (var i = 0; i < parameters.Length; i++)
                    {
                        frame.Bind(parameters[i], i < validated.Length ? validated[i] : null);
                    }

                    return compiled.Body(new Compiled.JsonataScope(this, frame), compiled.Input);
                }

            case BuiltinFunction builtin:
                try
                {
                    // Most built-ins run over their arguments once; one call is one evaluation step however long
                    // its arguments are, so their size counts as work against the deadline.
                    JsonataLimits.Work(ArgumentsSize(validated));
                    return builtin.Implementation(this, validated, input, env);
                }
                catch (JsonataException e) when (e.Annotate(-1, builtin.Name))
                {
                    throw;
                }

            case PartialFunction partial:
                {
                    var full = new object?[partial.Arguments.Length];
                    var next = 0;
                    for (var i = 0; i < full.Length; i++)
                    {
                        full[i] = ReferenceEquals(partial.Arguments[i], JsonataPlaceholder.Value)
                            ? (next < validated.Length ? validated[next++] : null)
                            : partial.Arguments[i];
                    }

                    return Apply(partial.Target, full, input, env);
                }

            case ComposedFunction composed:
                {
                    var first = Apply(composed.First, [validated.Length > 0 ? validated[0] : null], null, env);
                    return Apply(composed.Second, [first], null, env);
                }

            case RegexFunction regex:
                return validated.Length > 0 && validated[0] is string s ? JsonataFunctions.MatchToObject(this, JsonataFunctions.RegexMatch(regex, s, 0)) : null;

            case TransformFunction transform:
                return EvaluateTransform(transform, validated.Length > 0 ? validated[0] : null);

            case CompiledTransformFunction compiledTransform:
                return compiledTransform.Apply(this, validated.Length > 0 ? validated[0] : null);

            default:
                throw new JsonataException("T1006");
        }
    }

    private object? EvaluatePartial(JsonataFunctionCallNode expr, object? input, JsonataFrame env)
    {
        var args = new object?[expr.Arguments.Count];
        for (var ii = 0; ii < args.Length; ii++)
        {
            var arg = expr.Arguments[ii];
            args[ii] = arg.Kind == JsonataNodeKind.Placeholder ? JsonataPlaceholder.Value : Evaluate(arg, input, env);
        }

        return Partial(Evaluate(expr.Procedure, input, env), args, env, expr.Position, ProcedurePathName(expr.Procedure), ProcedureName(expr.Procedure));
    }

    /// <summary>A partial application of <paramref name="proc"/> to <paramref name="args"/> (placeholders marked) once both are evaluated.</summary>
    internal static PartialFunction Partial(object? proc, object?[] args, JsonataFrame env, int position, string? pathFirstName, string? name)
    {
        if (CheckCalled(proc, env, position, pathFirstName, "T1007") is JsonataFunction function)
        {
            return new PartialFunction(function, args);
        }

        throw new JsonataException("T1008") { Position = position, Token = name };
    }

    private object? EvaluateApply(JsonataApplyNode expr, object? input, JsonataFrame env)
    {
        var lhs = Evaluate(expr.Left, input, env);
        if (expr.Right is JsonataFunctionCallNode { IsPartial: false } call)
        {
            return EvaluateFunctionCall(call, input, env, true, lhs);
        }

        return ApplyValue(lhs, Evaluate(expr.Right, input, env), expr.Position, env);
    }

    /// <summary><c>lhs ~> func</c> where the right side is a function value: applies it, or composes two functions.</summary>
    internal object? ApplyValue(object? lhs, object? func, int position, JsonataFrame env)
    {
        if (func is not JsonataFunction)
        {
            throw new JsonataException("T2006") { Position = position, Value = func, HasValue = true };
        }

        if (lhs is JsonataFunction)
        {
            return new ComposedFunction(lhs, func);
        }

        return Apply(func, [lhs], null, env);
    }

    // ---------------------------------------------------------------- transforms

    private object? EvaluateTransform(TransformFunction transform, object? obj)
    {
        var expr = transform.Node;
        return Transform(
            (Evaluator: this, Node: expr),
            expr.Position,
            expr.Update.Position,
            expr.Delete is null ? null : expr.Delete.Position,
            obj,
            transform.Environment,
            static (st, context, frame) => st.Evaluator.Evaluate(st.Node.Pattern, context, frame),
            static (st, context, frame) => st.Evaluator.Evaluate(st.Node.Update, context, frame),
            static (st, context, frame) => st.Evaluator.Evaluate(st.Node.Delete!, context, frame));
    }

    /// <summary>
    /// Applies a transform <c>| pattern | update, delete |</c> to <paramref name="obj"/>: clones it with <c>$clone</c>,
    /// then merges the update into, and removes the deleted fields from, each object the pattern selects.
    /// <paramref name="deletePosition"/> is null when the transform has no delete part.
    /// </summary>
    internal object? Transform<TState>(
        TState state,
        int position,
        int updatePosition,
        int? deletePosition,
        object? obj,
        JsonataFrame env,
        Func<TState, object?, JsonataFrame, object?> pattern,
        Func<TState, object?, JsonataFrame, object?> update,
        Func<TState, object?, JsonataFrame, object?> delete)
    {
        if (obj is null)
        {
            return null;
        }

        var cloneFunction = env.Lookup("clone");
        if (cloneFunction is not JsonataFunction)
        {
            throw new JsonataException("T2013") { Position = position };
        }

        var result = Apply(cloneFunction, [obj], null, env);
        var matches = pattern(state, result, env);
        if (matches is null)
        {
            return result;
        }

        var matchList = matches as JsonataArray ?? new JsonataArray { matches };
        foreach (var match in matchList)
        {
            var updated = update(state, match, env);
            if (updated is not null)
            {
                if (!IsObject(updated))
                {
                    throw new JsonataException("T2011") { Position = updatePosition, Value = updated, HasValue = true };
                }

                if (match is JsonataObject target)
                {
                    foreach (var key in ObjectKeys(updated))
                    {
                        target[key] = Lookup(updated, key);
                    }
                }
            }

            if (deletePosition is { } deleteAt)
            {
                var deletions = delete(state, match, env);
                if (deletions is not null)
                {
                    var list = deletions as JsonataArray ?? new JsonataArray { deletions };
                    if (!IsArrayOfStrings(list))
                    {
                        throw new JsonataException("T2012") { Position = deleteAt, Value = deletions, HasValue = true };
                    }

                    if (match is JsonataObject target)
                    {
                        foreach (var key in list)
                        {
                            target.Remove((string)key!);
                        }
                    }
                }
            }
        }

        return result;
    }
}

/// <summary>The function a transform expression <c>| pattern | update |</c> evaluates to.</summary>
internal sealed class TransformFunction : JsonataFunction
{
    public TransformFunction(JsonataTransformNode node, JsonataFrame environment)
    {
        Node = node;
        Environment = environment;
        Signature = JsonataFunctionSignature.Parse("<(oa):o>");
    }

    public JsonataTransformNode Node { get; }

    public JsonataFrame Environment { get; }

    public override int Arity => 1;
}

/// <summary>A transform compiled to C# by the source generator: applied as <see cref="TransformFunction"/> is.</summary>
internal sealed class CompiledTransformFunction : JsonataFunction
{
    private readonly Compiled.JsonataScope _scope;
    private readonly int _position;
    private readonly int _updatePosition;
    private readonly int? _deletePosition;
    private readonly Compiled.JsonataCompiledBody _pattern;
    private readonly Compiled.JsonataCompiledBody _update;
    private readonly Compiled.JsonataCompiledBody? _delete;

    public CompiledTransformFunction(
        Compiled.JsonataScope scope,
        int position,
        int updatePosition,
        int? deletePosition,
        Compiled.JsonataCompiledBody pattern,
        Compiled.JsonataCompiledBody update,
        Compiled.JsonataCompiledBody? delete)
    {
        _scope = scope;
        _position = position;
        _updatePosition = updatePosition;
        _deletePosition = deletePosition;
        _pattern = pattern;
        _update = update;
        _delete = delete;
        Signature = JsonataFunctionSignature.Parse("<(oa):o>");
    }

    public override int Arity => 1;

    public object? Apply(JsonataEvaluator evaluator, object? obj) =>
        evaluator.Transform(
            this,
            _position,
            _updatePosition,
            _deletePosition,
            obj,
            _scope.Frame,
            static (t, context, frame) => t._pattern(t._scope.WithFrame(frame), context),
            static (t, context, frame) => t._update(t._scope.WithFrame(frame), context),
            static (t, context, frame) => t._delete!(t._scope.WithFrame(frame), context));
}

/// <summary>The entry point of one evaluation.</summary>
internal sealed partial class JsonataEvaluator
{
    public object? Run(JsonataNode root, object? input, JsonataBindings? bindings)
    {
        var env = CreateEnvironment(input, bindings);
        return Evaluate(root, WrapInput(input), env);
    }

    /// <summary>The top frame of an evaluation: the function library, the bindings and <c>$$</c> (the input).</summary>
    public JsonataFrame CreateEnvironment(object? input, JsonataBindings? bindings)
    {
        var library = Options.Dialect == JsonataDialect.StepFunctions ? JsonataFunctions.StepFunctionsLibrary : JsonataFunctions.StandardLibrary;
        var env = new JsonataFrame(library);
        if (bindings is not null)
        {
            foreach (var kv in bindings.Variables)
            {
                env.Bind(kv.Key, JsonataConvert.FromJson(kv.Value));
            }
        }

        env.Bind("$", input);
        return env;
    }

    /// <summary>The context of the root expression: an array document goes in a wrapper, so <c>$</c> still sees the whole array.</summary>
    public static object? WrapInput(object? input)
    {
        if (input is JsonataArray { Sequence: false } array)
        {
            var wrapped = JsonataArray.CreateSequence(array);
            wrapped.OuterWrapper = true;
            return wrapped;
        }

        return input;
    }
}

/// <summary>
/// The steps of a location path as <see cref="JsonataEvaluator.Path"/> walks them: their shape (bindings, stages, sort)
/// and the evaluation of their parts, by the evaluator from nodes or by generated code.
/// </summary>
internal interface IJsonataPath
{
    /// <summary>The number of steps.</summary>
    int Count { get; }

    /// <summary>Whether the first step is a variable (an array input is then wrapped, not iterated).</summary>
    bool FirstIsVariable { get; }

    /// <summary>Whether the path's value stays a tuple stream (a later <c>%</c> or binding outside it needs it).</summary>
    bool PathTuple { get; }

    /// <summary>Whether a step ends in <c>[]</c>.</summary>
    bool KeepSingletonArray { get; }

    /// <summary>Whether a group-by follows the path.</summary>
    bool HasGroup { get; }

    /// <summary>Whether the step starts (or continues) a tuple stream.</summary>
    bool Tuple(int step);

    /// <summary>Whether the step is an array constructor kept whole.</summary>
    bool ConsArray(int step);

    /// <summary>The variable <c>@$v</c> binds on the step.</summary>
    string? FocusVariable(int step);

    /// <summary>The variable <c>#$i</c> binds on the step before any stage.</summary>
    string? IndexVariable(int step);

    /// <summary>The slot a <c>%</c> reads the step's input from.</summary>
    string? AncestorLabel(int step);

    /// <summary>Whether the step is an order-by.</summary>
    bool IsSort(int step);

    /// <summary>The number of stages on the step.</summary>
    int StageCount(int step);

    /// <summary>The variable of an index stage (<c>#$i</c> after a filter); null for a filter stage.</summary>
    string? IndexStage(int step, int stage);

    /// <summary>The step's value on a context item.</summary>
    object? Evaluate(int step, object? context, JsonataFrame env);

    /// <summary>A filter stage applied to a value.</summary>
    object? Filter(int step, int stage, object? input, JsonataFrame env);

    /// <summary>An order-by step over a sequence (of tuples, in a tuple stream).</summary>
    JsonataArray Sort(int step, JsonataArray input, JsonataFrame env);

    /// <summary>The group-by over the path's value (its tuples, in a tuple stream).</summary>
    object? Group(object? input, JsonataFrame env);
}
