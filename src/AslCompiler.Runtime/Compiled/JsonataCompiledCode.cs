using System;
using System.ComponentModel;
using System.Threading;
using AslCompiler.Language.Jsonata;
using AslCompiler.Runtime.Jsonata;

namespace AslCompiler.Runtime.Compiled;

/// <summary>
/// A JSONata expression (or a part of one) compiled to C# by the source generator: computes its value on
/// <paramref name="input"/> (the context item) in <paramref name="scope"/>. Values are the evaluator's own
/// (numbers as <see cref="double"/>, strings, booleans, arrays, objects, functions; null for undefined).
/// Not meant to be used by hand.
/// </summary>
/// <param name="scope">The evaluation's variables and function library.</param>
/// <param name="input">The context item.</param>
/// <returns>The value, or null for undefined.</returns>
[EditorBrowsable(EditorBrowsableState.Never)]
public delegate object? JsonataCompiledBody(JsonataScope scope, object? input);

/// <summary>The generated C# of one <c>{% %}</c> expression, keyed by its text between the delimiters. Not meant to be used by hand.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class JsonataCompiledExpression
{
    /// <summary>Pairs an expression text with its generated code.</summary>
    /// <param name="text">The expression text between <c>{%</c> and <c>%}</c>, untrimmed.</param>
    /// <param name="body">The generated code.</param>
    public JsonataCompiledExpression(string text, JsonataCompiledBody body)
    {
        Text = text ?? throw new ArgumentNullException(nameof(text));
        Body = body ?? throw new ArgumentNullException(nameof(body));
    }

    /// <summary>The expression text between the delimiters.</summary>
    public string Text { get; }

    /// <summary>The generated code.</summary>
    public JsonataCompiledBody Body { get; }

    /// <summary>
    /// Evaluates the generated code as <see cref="JsonataExpression.Evaluate"/> evaluates the parsed expression: same
    /// bindings, library, guardrails, errors and result conversion.
    /// </summary>
    /// <param name="input">What <c>$</c> refers to (undefined for none).</param>
    /// <param name="bindings">Variables.</param>
    /// <param name="options">Library, clock and limits.</param>
    /// <returns>The value or the error.</returns>
    public JsonataResult Evaluate(Json.JsonValue input, JsonataBindings? bindings = null, JsonataOptions? options = null) =>
        (_expression ??= JsonataExpression.FromCompiled(Text, Body)).Evaluate(input, bindings, options);

    private JsonataExpression? _expression;
}

/// <summary>
/// What generated JSONata code sees of one evaluation: the variable frame (bindings, <c>$states</c>, block variables),
/// the function library and the evaluation's clock. Not meant to be used by hand.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class JsonataScope
{
    internal JsonataScope(JsonataEvaluator evaluator, JsonataFrame frame)
    {
        Evaluator = evaluator;
        Frame = frame;
    }

    internal JsonataEvaluator Evaluator { get; }

    internal JsonataFrame Frame { get; }

    /// <summary>The value of <c>$name</c> (null when unbound).</summary>
    /// <param name="name">The variable name without <c>$</c>.</param>
    /// <returns>The value.</returns>
    public object? Variable(string name) => Frame.Lookup(name);

    /// <summary><c>$name := value</c> in this scope's frame.</summary>
    /// <param name="name">The variable name without <c>$</c>.</param>
    /// <param name="value">The value.</param>
    /// <returns>The value.</returns>
    public object? Bind(string name, object? value)
    {
        Frame.Bind(name, value);
        return value;
    }

    /// <summary>A block <c>( ... )</c>: runs <paramref name="body"/> in a new frame under this one.</summary>
    /// <param name="input">The context item.</param>
    /// <param name="body">The block's expressions.</param>
    /// <returns>The value of the last expression.</returns>
    public object? Block(object? input, JsonataCompiledBody body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return body(new JsonataScope(Evaluator, new JsonataFrame(Frame)), input);
    }

    /// <summary>Calls a function value with evaluated arguments, as the evaluator does (signature checks, errors carry the call's position and name).</summary>
    /// <param name="input">The context item (a signature's <c>-</c> takes it for a missing argument).</param>
    /// <param name="procedure">The function value.</param>
    /// <param name="position">The call's offset in the expression.</param>
    /// <param name="name">The function's name as written.</param>
    /// <param name="arguments">The evaluated arguments.</param>
    /// <returns>The value.</returns>
    public object? Call(object? input, object? procedure, int position, string? name, params object?[] arguments) =>
        Evaluator.Call(procedure, arguments ?? [], input, Frame, position, name);

    /// <summary><c>lhs ~> $f(args)</c>: calls the function with <paramref name="lhs"/> as its first argument.</summary>
    /// <param name="input">The context item.</param>
    /// <param name="lhs">The value applied (evaluated before the function).</param>
    /// <param name="procedure">The function value.</param>
    /// <param name="position">The call's offset in the expression.</param>
    /// <param name="name">The function's name as written.</param>
    /// <param name="arguments">The other evaluated arguments.</param>
    /// <returns>The value.</returns>
    public object? CallApplied(object? input, object? lhs, object? procedure, int position, string? name, params object?[] arguments)
    {
        arguments ??= [];
        var all = new object?[arguments.Length + 1];
        all[0] = lhs;
        Array.Copy(arguments, 0, all, 1, arguments.Length);
        return Evaluator.Call(procedure, all, input, Frame, position, name);
    }

    /// <summary><c>lhs ~> function</c> where the right side is a function value (not a call): applies it, or composes two functions.</summary>
    /// <param name="lhs">The value applied (evaluated first).</param>
    /// <param name="function">The function value.</param>
    /// <param name="position">The operator's offset.</param>
    /// <returns>The value.</returns>
    public object? ApplyTo(object? lhs, object? function, int position) => Evaluator.ApplyValue(lhs, function, position, Frame);

    /// <summary>
    /// The evaluator's start of a node (depth, stack and time guards), in code whose user functions can recurse: such
    /// code enters and leaves every node the evaluator would evaluate, so the guards fail where the evaluator's do.
    /// </summary>
    /// <param name="position">The node's offset.</param>
    /// <returns>Zero (to be passed to <see cref="Leave"/>).</returns>
    public int Enter(int position)
    {
        Evaluator.Enter(position);
        return 0;
    }

    /// <summary>The end of a node started by <see cref="Enter"/>.</summary>
    /// <param name="entered">What <see cref="Enter"/> returned (evaluated first, so the node is entered before its value is computed).</param>
    /// <param name="value">The node's value.</param>
    /// <returns>The value.</returns>
    public object? Leave(int entered, object? value)
    {
        _ = entered;
        Evaluator.Leave();
        return value;
    }

    /// <summary>A called procedure that is undefined though its path starts with a bound variable name: T1005.</summary>
    /// <param name="procedure">The procedure's value.</param>
    /// <param name="position">The call's offset.</param>
    /// <param name="pathFirstName">The first field name of the procedure's path.</param>
    /// <returns>The procedure.</returns>
    public object? Called(object? procedure, int position, string pathFirstName) =>
        JsonataEvaluator.CheckCalled(procedure, Frame, position, pathFirstName);

    /// <summary>A lambda <c>function($a, $b) { body }</c>, closing over this scope and the context item.</summary>
    /// <param name="input">The context item (the body's <c>$</c>).</param>
    /// <param name="parameters">The parameter names.</param>
    /// <param name="signature">The signature text, when written.</param>
    /// <param name="body">The compiled body.</param>
    /// <returns>The function value.</returns>
    public object Lambda(object? input, string[] parameters, string? signature, JsonataCompiledBody body)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(body);
        return new CompiledLambdaFunction(parameters, signature, body, input, Frame);
    }

    /// <summary>A call in tail position of a lambda body: made by the caller's loop, so tail recursion runs in constant stack.</summary>
    /// <param name="input">The context item.</param>
    /// <param name="position">The call's offset.</param>
    /// <param name="name">The called variable's name, when the procedure is a variable.</param>
    /// <param name="procedure">The procedure.</param>
    /// <param name="arguments">The arguments (an <c>object?[]</c>, see <see cref="JsonataOps.Arguments"/>).</param>
    /// <returns>The pending call.</returns>
    public object TailCall(object? input, int position, string? name, JsonataCompiledBody procedure, JsonataCompiledBody arguments)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        ArgumentNullException.ThrowIfNull(arguments);
        return new CompiledThunk(this, input, position, name, procedure, arguments);
    }

    /// <summary>A partial application <c>$f(?, 2)</c> once its arguments (placeholders marked) and procedure are evaluated.</summary>
    /// <param name="arguments">The arguments, <see cref="JsonataOps.Placeholder"/> for <c>?</c>.</param>
    /// <param name="procedure">The procedure's value.</param>
    /// <param name="position">The call's offset.</param>
    /// <param name="pathFirstName">The first field name of the procedure's path, when it is one.</param>
    /// <param name="name">The procedure's name for errors.</param>
    /// <returns>The function value.</returns>
    public object Partial(object?[] arguments, object? procedure, int position, string? pathFirstName, string? name)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        return JsonataEvaluator.Partial(procedure, arguments, Frame, position, pathFirstName, name);
    }

    /// <summary>A transform <c>| pattern | update, delete |</c>: a function closing over this scope.</summary>
    /// <param name="position">The transform's offset.</param>
    /// <param name="updatePosition">The update's offset.</param>
    /// <param name="deletePosition">The delete part's offset (ignored without one).</param>
    /// <param name="pattern">Selects the objects to change, on the clone.</param>
    /// <param name="update">The object merged into each selected object.</param>
    /// <param name="delete">The field names removed from each selected object, when written.</param>
    /// <returns>The function value.</returns>
    public object Transform(int position, int updatePosition, int deletePosition, JsonataCompiledBody pattern, JsonataCompiledBody update, JsonataCompiledBody? delete)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(update);
        return new CompiledTransformFunction(this, position, updatePosition, delete is null ? null : deletePosition, pattern, update, delete);
    }

    internal JsonataScope WithFrame(JsonataFrame frame) => ReferenceEquals(frame, Frame) ? this : new JsonataScope(Evaluator, frame);
}

/// <summary>
/// The operations generated JSONata code is made of: each is the evaluator's own implementation of that node or step
/// (same values, same errors), so compiled and interpreted expressions agree by construction. Not meant to be used by hand.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class JsonataOps
{
    /// <summary>The boxed <c>true</c>.</summary>
    public static readonly object True = Boxes.True;

    /// <summary>The boxed <c>false</c>.</summary>
    public static readonly object False = Boxes.False;

    /// <summary>JSON <c>null</c>.</summary>
    public static readonly object Null = JsonataNull.Value;

    /// <summary>The <c>?</c> argument of a partial application.</summary>
    public static readonly object Placeholder = JsonataPlaceholder.Value;

    /// <summary>Evaluated arguments of a tail call, in order.</summary>
    /// <param name="arguments">The arguments.</param>
    /// <returns>The array.</returns>
    public static object Arguments(params object?[] arguments) => arguments ?? [];

    /// <summary>A boxed boolean.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The shared box.</returns>
    public static object Bool(bool value) => Boxes.Bool(value);

    /// <summary>JSONata's truthiness (<c>$boolean</c>; undefined is false).</summary>
    /// <param name="value">The value.</param>
    /// <returns>Whether it is truthy.</returns>
    public static bool Truthy(object? value) => JsonataEvaluator.IsTruthy(value);

    /// <summary>What every node does last: a sequence of none is undefined, of one its item (unless kept as an array).</summary>
    /// <param name="value">The node's value.</param>
    /// <param name="keepArray">Whether the node ends in <c>[]</c>.</param>
    /// <returns>The value.</returns>
    public static object? Finish(object? value, bool keepArray) => JsonataEvaluator.Finish(value, keepArray);

    /// <summary>The context value <c>$</c>.</summary>
    /// <param name="input">The context item.</param>
    /// <returns>The value.</returns>
    public static object? Context(object? input) => JsonataEvaluator.Context(input);

    /// <summary>A field name on its own (outside a path).</summary>
    /// <param name="input">The context item.</param>
    /// <param name="name">The field name.</param>
    /// <returns>The value.</returns>
    public static object? Lookup(object? input, string name) => JsonataEvaluator.Lookup(input, name);

    /// <summary><c>*</c>.</summary>
    /// <param name="input">The context item.</param>
    /// <returns>The value.</returns>
    public static object? Wildcard(object? input) => JsonataEvaluator.EvaluateWildcard(input);

    /// <summary><c>**</c>.</summary>
    /// <param name="input">The context item.</param>
    /// <returns>The value.</returns>
    public static object? Descendants(object? input) => JsonataEvaluator.EvaluateDescendants(input);

    // ---------------------------------------------------------------- paths

    /// <summary>The sequence a path's first step runs over.</summary>
    /// <param name="input">The context item.</param>
    /// <param name="firstStepIsVariable">Whether the first step is a variable.</param>
    /// <returns>The sequence.</returns>
    public static object PathInput(object? input, bool firstStepIsVariable) => JsonataEvaluator.PathInput(input, firstStepIsVariable);

    /// <summary>A path step evaluated on every item of the previous step's value.</summary>
    /// <param name="previous">The previous step's value (or the path input, for the first step).</param>
    /// <param name="first">Whether this is the first step (which runs even over an empty input).</param>
    /// <param name="scope">The scope.</param>
    /// <param name="step">The step, with its own predicates and stages.</param>
    /// <param name="last">Whether this is the last step.</param>
    /// <returns>The step's value; a path whose step produced nothing keeps that value to the end.</returns>
    public static object? Step(object? previous, bool first, JsonataScope scope, JsonataCompiledBody step, bool last)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(step);
        if (!first && JsonataEvaluator.IsEmptyStep(previous))
        {
            return previous;
        }

        var input = StepInput(previous);
        var result = JsonataArray.CreateSequence();
        for (var i = 0; i < input.Count; i++)
        {
            var res = step(scope, input[i]);
            if (res is not null)
            {
                result.Add(res);
            }
        }

        return JsonataEvaluator.StepResult(result, last);
    }

    /// <summary>A path step that is a plain field name.</summary>
    /// <param name="previous">The previous step's value (or the path input, for the first step).</param>
    /// <param name="first">Whether this is the first step.</param>
    /// <param name="name">The field name.</param>
    /// <param name="last">Whether this is the last step.</param>
    /// <returns>The step's value.</returns>
    public static object? NameStep(object? previous, bool first, string name, bool last)
    {
        if (!first && JsonataEvaluator.IsEmptyStep(previous))
        {
            return previous;
        }

        var input = StepInput(previous);
        var result = JsonataArray.CreateSequence();
        for (var i = 0; i < input.Count; i++)
        {
            var res = JsonataEvaluator.Finish(JsonataEvaluator.Lookup(input[i], name), false);
            if (res is not null)
            {
                result.Add(res);
            }
        }

        return JsonataEvaluator.StepResult(result, last);
    }

    /// <summary>A path step that is a variable (its value does not depend on the item), e.g. <c>$states</c>.</summary>
    /// <param name="previous">The previous step's value (or the path input, for the first step).</param>
    /// <param name="first">Whether this is the first step.</param>
    /// <param name="value">The variable's value.</param>
    /// <param name="last">Whether this is the last step.</param>
    /// <returns>The step's value.</returns>
    public static object? ValueStep(object? previous, bool first, object? value, bool last)
    {
        if (!first && JsonataEvaluator.IsEmptyStep(previous))
        {
            return previous;
        }

        var input = StepInput(previous);
        var result = JsonataArray.CreateSequence();
        var res = JsonataEvaluator.Finish(value, false);
        if (res is not null)
        {
            for (var i = 0; i < input.Count; i++)
            {
                result.Add(res);
            }
        }

        return JsonataEvaluator.StepResult(result, last);
    }

    /// <summary>
    /// A whole path of plain field names from the context item (<c>a.b.c</c>), finished as a node: while each value is
    /// an object, the member is read directly (what the step sequence would produce); from the first value that is
    /// not, the remaining steps run as <see cref="NameStep"/>s.
    /// </summary>
    /// <param name="input">The context item.</param>
    /// <param name="names">The field names.</param>
    /// <returns>The path's value.</returns>
    public static object? NamePath(object? input, params string[] names)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (input is not Json.JsonObjectValue)
        {
            object? result = JsonataEvaluator.PathInput(input, false);
            for (var i = 0; i < names.Length; i++)
            {
                result = NameStep(result, i == 0, names[i], i == names.Length - 1);
            }

            return JsonataEvaluator.Finish(result, false);
        }

        return Members(input, names);
    }

    /// <summary>
    /// A whole path of a variable and plain field names (<c>$states.input.a</c>), finished as a node; see
    /// <see cref="NamePath"/>.
    /// </summary>
    /// <param name="value">The variable's value.</param>
    /// <param name="names">The field names after it.</param>
    /// <returns>The path's value.</returns>
    public static object? VariablePath(object? value, params string[] names)
    {
        ArgumentNullException.ThrowIfNull(names);
        return Members(JsonataEvaluator.Finish(value, false), names);
    }

    // The value before step 'names[0]' is 'current' (one defined value produced by the previous step, or the
    // context object). An object's member is the step's only value, so no sequence is built for it.
    private static object? Members(object? current, string[] names)
    {
        for (var i = 0; i < names.Length; i++)
        {
            if (current is null)
            {
                return null;
            }

            if (current is not Json.JsonObjectValue o)
            {
                // What the previous step made of its one value, then the remaining steps as the evaluator runs them.
                object? result = JsonataEvaluator.StepResult(JsonataArray.CreateSequence(current), false);
                for (var j = i; j < names.Length; j++)
                {
                    result = NameStep(result, false, names[j], j == names.Length - 1);
                }

                return JsonataEvaluator.Finish(result, false);
            }

            current = o.TryGetValue(names[i], out var member) ? JsonataConvert.FromJson(member) : null;
        }

        return current;
    }

    /// <summary>A path step that sorts the previous step's values (<c>^(&lt;a, &gt;b)</c>).</summary>
    /// <param name="previous">The previous step's value (or the path input, for the first step).</param>
    /// <param name="first">Whether this is the first step.</param>
    /// <param name="scope">The scope.</param>
    /// <param name="position">The sort's offset (for errors).</param>
    /// <param name="descending">Per term, whether it sorts descending.</param>
    /// <param name="terms">The terms, evaluated on each item.</param>
    /// <returns>The sorted sequence.</returns>
    public static object? SortStep(object? previous, bool first, JsonataScope scope, int position, bool[] descending, JsonataCompiledBody[] terms)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(descending);
        ArgumentNullException.ThrowIfNull(terms);
        if (!first && JsonataEvaluator.IsEmptyStep(previous))
        {
            return previous;
        }

        return JsonataEvaluator.Sort(
            (Scope: scope, Descending: descending, Terms: terms),
            terms.Length,
            position,
            StepInput(previous),
            scope.Frame,
            static (st, i) => st.Descending[i],
            static (st, i, context, frame) => st.Terms[i](st.Scope.WithFrame(frame), context));
    }

    /// <summary>A path whose first step is an array constructor: the constructor runs once over the whole input sequence.</summary>
    /// <param name="pathInput">The path input.</param>
    /// <param name="scope">The scope.</param>
    /// <param name="step">The step.</param>
    /// <returns>The step's value.</returns>
    public static object? ConsStep(object pathInput, JsonataScope scope, JsonataCompiledBody step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return step(scope, pathInput);
    }

    /// <summary>A path ending in <c>[]</c>.</summary>
    /// <param name="value">The path's value.</param>
    /// <returns>The value kept as an array.</returns>
    public static object? KeepSingleton(object? value) => JsonataEvaluator.KeepSingleton(value);

    private static JsonataArray StepInput(object? previous) => previous as JsonataArray ?? JsonataArray.CreateSequence(previous);

    // ---------------------------------------------------------------- predicates

    /// <summary>A predicate <c>[expr]</c>: keeps the items it selects (by index or truthiness).</summary>
    /// <param name="value">The value filtered.</param>
    /// <param name="scope">The scope.</param>
    /// <param name="predicate">The predicate, evaluated on each item.</param>
    /// <returns>The selected items.</returns>
    public static object? Filter(object? value, JsonataScope scope, JsonataCompiledBody predicate)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(predicate);
        var input = JsonataEvaluator.FilterInput(value, out var results);
        for (var index = 0; index < input.Count; index++)
        {
            var item = input[index];
            var context = item;
            var current = scope;
            if (input.TupleStream && item is JsonataTuple tuple)
            {
                context = tuple.Focus;
                current = scope.WithFrame(JsonataEvaluator.FrameFromTuple(scope.Frame, tuple));
            }

            JsonataEvaluator.FilterSelect(results, item, predicate(current, context), index, input.Count);
        }

        return results;
    }

    /// <summary>A predicate that is a number literal <c>[n]</c>.</summary>
    /// <param name="value">The value indexed.</param>
    /// <param name="index">The index (negative counts from the end).</param>
    /// <returns>The item.</returns>
    public static object Index(object? value, double index) => JsonataEvaluator.FilterByIndex(value, index);

    // ---------------------------------------------------------------- constructors

    /// <summary>An array constructor <c>[a, b, ...]</c>.</summary>
    /// <param name="cons">Whether it starts or ends a path (kept whole there).</param>
    /// <param name="nested">Bit <c>i</c> set: item <c>i</c> is itself an array constructor (kept whole).</param>
    /// <param name="items">The evaluated items.</param>
    /// <returns>The array.</returns>
    public static object Array(bool cons, ulong nested, params object?[] items)
    {
        items ??= [];
        var result = new JsonataArray(items.Length);
        for (var i = 0; i < items.Length; i++)
        {
            JsonataEvaluator.AddArrayItem(result, items[i], i < 64 && (nested & (1UL << i)) != 0);
        }

        if (cons)
        {
            result.Cons = true;
        }

        return result;
    }

    /// <summary>An object constructor <c>{ key: value, ... }</c> over the context item (grouping when it is a sequence).</summary>
    /// <param name="input">The context item.</param>
    /// <param name="scope">The scope.</param>
    /// <param name="position">The constructor's offset (for errors).</param>
    /// <param name="keys">Each pair's key.</param>
    /// <param name="values">Each pair's value.</param>
    /// <returns>The object.</returns>
    public static object Object(object? input, JsonataScope scope, int position, JsonataCompiledBody[] keys, JsonataCompiledBody[] values)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(values);
        return JsonataEvaluator.Group(
            (Scope: scope, Keys: keys, Values: values),
            keys.Length,
            position,
            input,
            scope.Frame,
            static (st, i, context, frame) => st.Keys[i](st.Scope.WithFrame(frame), context),
            static (st, i, context, frame) => st.Values[i](st.Scope.WithFrame(frame), context));
    }

    // ---------------------------------------------------------------- operators

    /// <summary>Unary minus.</summary>
    /// <param name="value">The operand.</param>
    /// <param name="position">The operator's offset.</param>
    /// <returns>The value.</returns>
    public static object? Negate(object? value, int position) => JsonataEvaluator.Negate(value, position);

    /// <summary>A binary operator other than <c>and</c> and <c>or</c> (which generated code writes as <c>&amp;&amp;</c>/<c>||</c>).</summary>
    /// <param name="op">The operator.</param>
    /// <param name="lhs">The left operand.</param>
    /// <param name="rhs">The right operand.</param>
    /// <param name="position">The operator's offset.</param>
    /// <param name="text">The operator as written.</param>
    /// <returns>The value.</returns>
    public static object? Binary(JsonataBinaryOperator op, object? lhs, object? rhs, int position, string text) =>
        JsonataEvaluator.Binary(op, lhs, rhs, position, text);

    /// <summary><c>lhs + rhs</c>.</summary>
    /// <param name="lhs">The left operand.</param>
    /// <param name="rhs">The right operand.</param>
    /// <param name="position">The operator's offset.</param>
    /// <returns>The value.</returns>
    public static object? Add(object? lhs, object? rhs, int position) => JsonataEvaluator.Binary(JsonataBinaryOperator.Add, lhs, rhs, position, "+");

    /// <summary><c>lhs - rhs</c>.</summary>
    /// <param name="lhs">The left operand.</param>
    /// <param name="rhs">The right operand.</param>
    /// <param name="position">The operator's offset.</param>
    /// <returns>The value.</returns>
    public static object? Subtract(object? lhs, object? rhs, int position) => JsonataEvaluator.Binary(JsonataBinaryOperator.Subtract, lhs, rhs, position, "-");

    /// <summary><c>lhs * rhs</c>.</summary>
    /// <param name="lhs">The left operand.</param>
    /// <param name="rhs">The right operand.</param>
    /// <param name="position">The operator's offset.</param>
    /// <returns>The value.</returns>
    public static object? Multiply(object? lhs, object? rhs, int position) => JsonataEvaluator.Binary(JsonataBinaryOperator.Multiply, lhs, rhs, position, "*");

    /// <summary><c>lhs / rhs</c>.</summary>
    /// <param name="lhs">The left operand.</param>
    /// <param name="rhs">The right operand.</param>
    /// <param name="position">The operator's offset.</param>
    /// <returns>The value.</returns>
    public static object? Divide(object? lhs, object? rhs, int position) => JsonataEvaluator.Binary(JsonataBinaryOperator.Divide, lhs, rhs, position, "/");

    /// <summary><c>lhs % rhs</c>.</summary>
    /// <param name="lhs">The left operand.</param>
    /// <param name="rhs">The right operand.</param>
    /// <param name="position">The operator's offset.</param>
    /// <returns>The value.</returns>
    public static object? Modulo(object? lhs, object? rhs, int position) => JsonataEvaluator.Binary(JsonataBinaryOperator.Modulo, lhs, rhs, position, "%");

    /// <summary><c>lhs = rhs</c>.</summary>
    /// <param name="lhs">The left operand.</param>
    /// <param name="rhs">The right operand.</param>
    /// <param name="position">The operator's offset.</param>
    /// <returns>The value.</returns>
    public static object? Equal(object? lhs, object? rhs, int position) => JsonataEvaluator.Binary(JsonataBinaryOperator.Equal, lhs, rhs, position, "=");

    /// <summary><c>lhs != rhs</c>.</summary>
    /// <param name="lhs">The left operand.</param>
    /// <param name="rhs">The right operand.</param>
    /// <param name="position">The operator's offset.</param>
    /// <returns>The value.</returns>
    public static object? NotEqual(object? lhs, object? rhs, int position) => JsonataEvaluator.Binary(JsonataBinaryOperator.NotEqual, lhs, rhs, position, "!=");

    /// <summary><c>lhs &lt; rhs</c>.</summary>
    /// <param name="lhs">The left operand.</param>
    /// <param name="rhs">The right operand.</param>
    /// <param name="position">The operator's offset.</param>
    /// <returns>The value.</returns>
    public static object? Less(object? lhs, object? rhs, int position) => JsonataEvaluator.Binary(JsonataBinaryOperator.LessThan, lhs, rhs, position, "<");

    /// <summary><c>lhs &lt;= rhs</c>.</summary>
    /// <param name="lhs">The left operand.</param>
    /// <param name="rhs">The right operand.</param>
    /// <param name="position">The operator's offset.</param>
    /// <returns>The value.</returns>
    public static object? LessOrEqual(object? lhs, object? rhs, int position) => JsonataEvaluator.Binary(JsonataBinaryOperator.LessThanOrEqual, lhs, rhs, position, "<=");

    /// <summary><c>lhs &gt; rhs</c>.</summary>
    /// <param name="lhs">The left operand.</param>
    /// <param name="rhs">The right operand.</param>
    /// <param name="position">The operator's offset.</param>
    /// <returns>The value.</returns>
    public static object? Greater(object? lhs, object? rhs, int position) => JsonataEvaluator.Binary(JsonataBinaryOperator.GreaterThan, lhs, rhs, position, ">");

    /// <summary><c>lhs &gt;= rhs</c>.</summary>
    /// <param name="lhs">The left operand.</param>
    /// <param name="rhs">The right operand.</param>
    /// <param name="position">The operator's offset.</param>
    /// <returns>The value.</returns>
    public static object? GreaterOrEqual(object? lhs, object? rhs, int position) => JsonataEvaluator.Binary(JsonataBinaryOperator.GreaterThanOrEqual, lhs, rhs, position, ">=");

    /// <summary><c>lhs &amp; rhs</c> (string concatenation).</summary>
    /// <param name="lhs">The left operand.</param>
    /// <param name="rhs">The right operand.</param>
    /// <param name="position">The operator's offset.</param>
    /// <returns>The value.</returns>
    public static object? Concat(object? lhs, object? rhs, int position) => JsonataEvaluator.Binary(JsonataBinaryOperator.Concat, lhs, rhs, position, "&");

    /// <summary><c>lhs..rhs</c>.</summary>
    /// <param name="lhs">The left operand.</param>
    /// <param name="rhs">The right operand.</param>
    /// <param name="position">The operator's offset.</param>
    /// <returns>The value.</returns>
    public static object? Range(object? lhs, object? rhs, int position) => JsonataEvaluator.Binary(JsonataBinaryOperator.Range, lhs, rhs, position, "..");

    /// <summary><c>lhs in rhs</c>.</summary>
    /// <param name="lhs">The left operand.</param>
    /// <param name="rhs">The right operand.</param>
    /// <param name="position">The operator's offset.</param>
    /// <returns>The value.</returns>
    public static object? In(object? lhs, object? rhs, int position) => JsonataEvaluator.Binary(JsonataBinaryOperator.In, lhs, rhs, position, "in");

    /// <summary>The value of a block's expressions evaluated in order: the last one's.</summary>
    /// <param name="values">The values.</param>
    /// <returns>The last value, or null for an empty block.</returns>
    public static object? Last(params object?[] values) => values is { Length: > 0 } ? values[^1] : null;
}

/// <summary>
/// A regular expression literal <c>/pattern/flags</c> of generated code: translated once (per match timeout), a new
/// matcher value per evaluation as the evaluator makes. Not meant to be used by hand.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class JsonataRegexLiteral
{
    private readonly string _pattern;
    private readonly bool _ignoreCase;
    private readonly bool _multiline;
    private readonly int _position;
    private Translated? _translated;

    /// <summary>Describes the literal; nothing is translated until it is first evaluated.</summary>
    /// <param name="pattern">The pattern between the slashes.</param>
    /// <param name="ignoreCase">The <c>i</c> flag.</param>
    /// <param name="multiline">The <c>m</c> flag.</param>
    /// <param name="position">The literal's offset.</param>
    public JsonataRegexLiteral(string pattern, bool ignoreCase, bool multiline, int position)
    {
        _pattern = pattern ?? throw new ArgumentNullException(nameof(pattern));
        _ignoreCase = ignoreCase;
        _multiline = multiline;
        _position = position;
    }

    /// <summary>The literal's value in an evaluation (an invalid pattern fails with S0302, as in the evaluator).</summary>
    /// <param name="scope">The scope (its options give the match timeout).</param>
    /// <returns>The matcher.</returns>
    public object Value(JsonataScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var timeout = scope.Evaluator.Options.RegexTimeout;
        var translated = Volatile.Read(ref _translated);
        if (translated is null || translated.Timeout != timeout)
        {
            translated = new Translated(timeout, JsonataRegexTranslator.Translate(_pattern, _ignoreCase, _multiline, timeout));
            Volatile.Write(ref _translated, translated);
        }

        return new RegexFunction(translated.Regex, _pattern, _position);
    }

    private sealed record Translated(TimeSpan Timeout, System.Text.RegularExpressions.Regex Regex);
}

/// <summary>
/// One step of a <see cref="JsonataCompiledPath"/>: its code and shape (bindings, stages, order-by). Not meant to be
/// used by hand.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class JsonataCompiledStep
{
    /// <summary>Describes a step.</summary>
    /// <param name="body">The step's value on a context item (null for an order-by).</param>
    /// <param name="tuple">Whether the step starts (or continues) a tuple stream.</param>
    /// <param name="consArray">Whether the step is an array constructor kept whole.</param>
    /// <param name="focusVariable">The variable <c>@$v</c> binds.</param>
    /// <param name="indexVariable">The variable <c>#$i</c> binds before any stage (or on an order-by).</param>
    /// <param name="ancestorLabel">The slot a <c>%</c> reads the step's input from.</param>
    /// <param name="stageVariables">Per stage, the variable of an index stage, or null for a filter.</param>
    /// <param name="stageFilters">Per stage, the filter applied to a value (null for an index stage).</param>
    /// <param name="sortPosition">The order-by's offset.</param>
    /// <param name="sortDescending">Per order-by term, whether it sorts descending (null when the step is not an order-by).</param>
    /// <param name="sortTerms">The order-by terms (null when the step is not an order-by).</param>
    public JsonataCompiledStep(
        JsonataCompiledBody? body,
        bool tuple,
        bool consArray,
        string? focusVariable,
        string? indexVariable,
        string? ancestorLabel,
        string?[] stageVariables,
        JsonataCompiledBody?[] stageFilters,
        int sortPosition,
        bool[]? sortDescending,
        JsonataCompiledBody[]? sortTerms)
    {
        Body = body;
        Tuple = tuple;
        ConsArray = consArray;
        FocusVariable = focusVariable;
        IndexVariable = indexVariable;
        AncestorLabel = ancestorLabel;
        StageVariables = stageVariables ?? throw new ArgumentNullException(nameof(stageVariables));
        StageFilters = stageFilters ?? throw new ArgumentNullException(nameof(stageFilters));
        SortPosition = sortPosition;
        SortDescending = sortDescending;
        SortTerms = sortTerms;
    }

    internal JsonataCompiledBody? Body { get; }

    internal bool Tuple { get; }

    internal bool ConsArray { get; }

    internal string? FocusVariable { get; }

    internal string? IndexVariable { get; }

    internal string? AncestorLabel { get; }

    internal string?[] StageVariables { get; }

    internal JsonataCompiledBody?[] StageFilters { get; }

    internal int SortPosition { get; }

    internal bool[]? SortDescending { get; }

    internal JsonataCompiledBody[]? SortTerms { get; }
}

/// <summary>
/// A location path with variable bindings (<c>@$v</c>, <c>#$i</c>), a <c>%</c> or stages on an order-by, run by the
/// evaluator's own path walk over generated step code. Not meant to be used by hand.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class JsonataCompiledPath
{
    private readonly JsonataCompiledStep[] _steps;
    private readonly bool _firstIsVariable;
    private readonly bool _tuple;
    private readonly bool _keepSingletonArray;
    private readonly JsonataCompiledBody? _group;

    /// <summary>Describes a path.</summary>
    /// <param name="firstIsVariable">Whether the first step is a variable.</param>
    /// <param name="tuple">Whether the path's value stays a tuple stream.</param>
    /// <param name="keepSingletonArray">Whether a step ends in <c>[]</c>.</param>
    /// <param name="group">The group-by over the path's value, when written.</param>
    /// <param name="steps">The steps.</param>
    public JsonataCompiledPath(bool firstIsVariable, bool tuple, bool keepSingletonArray, JsonataCompiledBody? group, params JsonataCompiledStep[] steps)
    {
        _steps = steps is { Length: > 0 } ? steps : throw new ArgumentException("A path has steps.", nameof(steps));
        _firstIsVariable = firstIsVariable;
        _tuple = tuple;
        _keepSingletonArray = keepSingletonArray;
        _group = group;
    }

    /// <summary>The path's value on the context item.</summary>
    /// <param name="scope">The scope.</param>
    /// <param name="input">The context item.</param>
    /// <returns>The value (a sequence, or tuples when the path stays a tuple stream).</returns>
    public object? Evaluate(JsonataScope scope, object? input)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return JsonataEvaluator.Path(new Steps(this, scope), input, scope.Frame);
    }

    private readonly struct Steps : IJsonataPath
    {
        private readonly JsonataCompiledPath _path;
        private readonly JsonataScope _scope;

        public Steps(JsonataCompiledPath path, JsonataScope scope)
        {
            _path = path;
            _scope = scope;
        }

        public int Count => _path._steps.Length;

        public bool FirstIsVariable => _path._firstIsVariable;

        public bool PathTuple => _path._tuple;

        public bool KeepSingletonArray => _path._keepSingletonArray;

        public bool HasGroup => _path._group is not null;

        public bool Tuple(int step) => _path._steps[step].Tuple;

        public bool ConsArray(int step) => _path._steps[step].ConsArray;

        public string? FocusVariable(int step) => _path._steps[step].FocusVariable;

        public string? IndexVariable(int step) => _path._steps[step].IndexVariable;

        public string? AncestorLabel(int step) => _path._steps[step].AncestorLabel;

        public bool IsSort(int step) => _path._steps[step].SortTerms is not null;

        public int StageCount(int step) => _path._steps[step].StageVariables.Length;

        public string? IndexStage(int step, int stage) => _path._steps[step].StageVariables[stage];

        public object? Evaluate(int step, object? context, JsonataFrame env) => _path._steps[step].Body!(_scope.WithFrame(env), context);

        public object? Filter(int step, int stage, object? input, JsonataFrame env) => _path._steps[step].StageFilters[stage]!(_scope.WithFrame(env), input);

        public JsonataArray Sort(int step, JsonataArray input, JsonataFrame env)
        {
            var s = _path._steps[step];
            return JsonataEvaluator.Sort(
                (Scope: _scope, Descending: s.SortDescending!, Terms: s.SortTerms!),
                s.SortTerms!.Length,
                s.SortPosition,
                input,
                env,
                static (st, i) => st.Descending[i],
                static (st, i, context, frame) => st.Terms[i](st.Scope.WithFrame(frame), context));
        }

        public object? Group(object? input, JsonataFrame env) => _path._group!(_scope.WithFrame(env), input);
    }
}
