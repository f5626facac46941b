using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using AslCompiler.Language.Jsonata;

namespace AslCompiler.Generator;

/// <summary>
/// Turns a JSONata syntax tree into one C# expression over the evaluator's values: every node becomes the call of the
/// runtime operation the evaluator itself performs for it (<c>JsonataOps</c>, <c>JsonataScope</c>), in the evaluator's
/// order, so the compiled expression behaves as the evaluator does, errors and positions included, with no tree walk
/// at run time. The emitted expression reads the scope from <c>s</c> and the context item from <c>x</c>.
/// Lambdas are closures whose bodies are static lambdas run by the evaluator's <c>Apply</c> (tail calls through its
/// trampoline); an expression containing one is emitted in checked form, every node wrapped in the evaluator's own
/// node prologue (<c>s.Enter</c>/<c>s.Leave</c>: depth, stack and time guards), so recursion fails where the
/// evaluator's does. Regular expression literals, lambda parameter lists and paths with bindings (<c>@</c>, <c>#</c>,
/// <c>%</c>) are static fields (<see cref="Fields"/>). Not compiled (<see cref="TryEmit(string)"/> returns null and the
/// caller leaves that expression to the evaluator): expressions nested deeper than 100 levels (and an order-by marked
/// as a path's leading array constructor, which the parser does not produce).
/// </summary>
internal sealed class JsonataEmitter
{
    private const string Ops = "global::AslCompiler.Runtime.Compiled.JsonataOps.";
    private const string Body = "global::AslCompiler.Runtime.Compiled.JsonataCompiledBody";
    private const int MaxNesting = 100;

    private const string Scope = "global::AslCompiler.Runtime.Compiled.JsonataScope";

    private readonly Func<double, string> _number;
    private readonly List<string> _fields = new();
    private int _fieldCount;
    private int _committedFields;
    private int _lambdas;
    private int _nesting;
    private bool _checked;
    private bool _sawLambda;

    /// <summary>Creates an emitter; <paramref name="number"/> names the static field that holds a boxed number constant.</summary>
    public JsonataEmitter(Func<double, string> number) => _number = number;

    /// <summary>
    /// The static fields the last successful <see cref="TryEmit(string)"/> needs beside its expression (regular
    /// expression literals, lambda parameter lists, paths with bindings), as member declarations; their names
    /// (<c>JsonataStatic0</c>, ...) are unique per emitter. Empty after a failed one.
    /// </summary>
    public IReadOnlyList<string> Fields => _fields;

    /// <summary>Why the last <see cref="TryEmit(string)"/> returned null (the node kind or feature left to the evaluator).</summary>
    public string? Unsupported { get; private set; }

    /// <summary>Parses <paramref name="expression"/> and emits it (null when it does not parse, or is outside what is compiled).</summary>
    public string? TryEmit(string expression)
    {
        var parsed = JsonataParser.Parse(expression);
        if (!parsed.Success)
        {
            _fields.Clear();
            Unsupported = "syntax error";
            return null;
        }

        return TryEmit(parsed.Root!);
    }

    /// <summary>The C# expression computing <paramref name="root"/> on scope <c>s</c> and context <c>x</c>, or null when it is outside what is compiled.</summary>
    public string? TryEmit(JsonataNode root)
    {
        Unsupported = null;
        _checked = false;
        _sawLambda = false;
        var result = TryEmitOnce(root);
        if (result is not null && _sawLambda)
        {
            // User functions can recurse: the whole expression enters and leaves every node the evaluator would
            // evaluate, so its depth and time guards stop a runaway recursion at the same node with the same error.
            _checked = true;
            result = TryEmitOnce(root);
        }

        if (result is null)
        {
            _fields.Clear();
            _fieldCount = _committedFields;
        }
        else
        {
            _committedFields = _fieldCount;
        }

        return result;
    }

    private string? TryEmitOnce(JsonataNode root)
    {
        _lambdas = 0;
        _nesting = 0;
        _fields.Clear();
        _fieldCount = _committedFields;
        try
        {
            return Node(root, "s", "x");
        }
        catch (NotCompiledException e)
        {
            Unsupported = e.Message;
            return null;
        }
    }

    /// <summary>An order-by's directions (<c>new bool[] { ... }</c>) and its terms as compiled bodies (<c>new JsonataCompiledBody[] { ... }</c>).</summary>
    private (string Descending, string Terms) SortTerms(JsonataSortNode sort)
    {
        var descending = new List<string>();
        var terms = new List<string>();
        foreach (var term in sort.Terms)
        {
            descending.Add(Bool(term.Descending));
            var (ts, tx) = Lambda();
            terms.Add("static (" + ts + ", " + tx + ") => " + Node(term.Expression, ts, tx));
        }

        return ("new bool[] { " + string.Join(", ", descending) + " }", "new " + Body + "[] { " + string.Join(", ", terms) + " }");
    }

    /// <summary>C# source text for a double constant (round-trip exact).</summary>
    public static string DoubleLiteral(double value)
    {
        if (double.IsPositiveInfinity(value))
        {
            return "double.PositiveInfinity";
        }

        if (double.IsNegativeInfinity(value))
        {
            return "double.NegativeInfinity";
        }

        if (double.IsNaN(value))
        {
            return "double.NaN";
        }

        return value.ToString("R", CultureInfo.InvariantCulture) + "d";
    }

    // What Evaluate does for one node: the node's own value, its predicates, then the sequence rules.
    private string Node(JsonataNode node, string s, string x)
    {
        if (++_nesting > MaxNesting)
        {
            throw new NotCompiledException("deep nesting");
        }

        // Bindings (@, #, %) and stages only mean something on a path step, which Path handles; elsewhere the evaluator
        // ignores them, and so does the emitted code.
        if (!_checked && MemberPath(node, s, x) is { } fused)
        {
            _nesting--;
            return fused;
        }

        var value = Core(node, s, x);
        foreach (var predicate in node.Predicates)
        {
            value = Filter(value, predicate, s);
        }

        // A path applies its group-by itself (before its predicates); any other node after them.
        if (node.GroupBy is { } group && node is not JsonataPathNode)
        {
            value = Group(value, group, s);
        }

        _nesting--;
        value = NeedsFinish(node) ? Ops + "Finish(" + value + ", " + Bool(node.KeepArray) + ")" : value;
        return _checked ? s + ".Leave(" + s + ".Enter(" + Int(node.Position) + "), " + value + ")" : value;
    }

    // A path of plain names, or of a variable and plain names, with nothing on the path itself: one call that reads
    // members directly while the values are objects (JsonataOps.NamePath/VariablePath), already finished.
    private static string? MemberPath(JsonataNode node, string s, string x)
    {
        if (node is not JsonataPathNode path || path.Predicates.Count > 0 || path.KeepArray || path.KeepSingletonArray || path.Stages.Count > 0 || path.GroupBy is not null)
        {
            return null;
        }

        var names = new List<string>();
        for (var i = 0; i < path.Steps.Count; i++)
        {
            var step = path.Steps[i];
            if (step.Predicates.Count > 0 || step.Stages.Count > 0 || step.KeepArray || step.GroupBy is not null || step.ConsArray
                || step.FocusVariable is not null || step.IndexVariable is not null || step.Tuple || step.Ancestor is not null)
            {
                return null;
            }

            if (step is JsonataNameNode name)
            {
                names.Add(AslGenerator.StringLiteral(name.Name));
            }
            else if (i > 0 || step is not JsonataVariableNode { IsContext: false })
            {
                return null;
            }
        }

        var list = string.Join(", ", names);
        return path.Steps[0] is JsonataVariableNode variable
            ? (names.Count == 0 ? null : Ops + "VariablePath(" + s + ".Variable(" + AslGenerator.StringLiteral(variable.Name) + "), " + list + ")")
            : Ops + "NamePath(" + x + ", " + list + ")";
    }

    private static void CheckNoBindings(JsonataNode node)
    {
        if (node.FocusVariable is not null || node.IndexVariable is not null || node.Tuple || node.Ancestor is not null)
        {
            throw new NotCompiledException("context or positional binding");
        }

        foreach (var stage in node.Stages)
        {
            if (stage.Kind != JsonataStageKind.Filter)
            {
                throw new NotCompiledException("positional binding");
            }
        }
    }

    // A node whose value is never a sequence needs no Finish (it would return it unchanged).
    private static bool NeedsFinish(JsonataNode node)
    {
        if (node.Predicates.Count > 0 || node.KeepArray)
        {
            return true;
        }

        return node switch
        {
            JsonataStringNode or JsonataNumberNode or JsonataBooleanNode or JsonataNullNode or JsonataObjectNode or JsonataArrayNode or JsonataNegateNode => false,
            JsonataBinaryNode b => b.Operator == JsonataBinaryOperator.Range,
            _ => true,
        };
    }

    private string Core(JsonataNode node, string s, string x)
    {
        switch (node)
        {
            case JsonataStringNode str:
                return AslGenerator.StringLiteral(str.Value);
            case JsonataNumberNode number:
                return _number(number.Value);
            case JsonataBooleanNode boolean:
                return Ops + (boolean.Value ? "True" : "False");
            case JsonataNullNode:
                return Ops + "Null";
            case JsonataNameNode name:
                return Ops + "Lookup(" + x + ", " + AslGenerator.StringLiteral(name.Name) + ")";
            case JsonataVariableNode variable:
                return variable.IsContext ? Ops + "Context(" + x + ")" : s + ".Variable(" + AslGenerator.StringLiteral(variable.Name) + ")";
            case JsonataParentNode parent:
                return s + ".Variable(" + AslGenerator.StringLiteral(parent.Slot.Label) + ")";
            case JsonataWildcardNode:
                return Ops + "Wildcard(" + x + ")";
            case JsonataDescendantNode:
                return Ops + "Descendants(" + x + ")";
            case JsonataPathNode path:
                return Path(path, s, x);
            case JsonataBinaryNode binary:
                return Binary(binary, s, x);
            case JsonataNegateNode negate:
                return Ops + "Negate(" + Node(negate.Operand, s, x) + ", " + Int(negate.Position) + ")";
            case JsonataConditionNode condition:
                return "(" + Ops + "Truthy(" + Node(condition.Condition, s, x) + ") ? " + Node(condition.Then, s, x) + " : " +
                    (condition.Else is null ? "null" : Node(condition.Else, s, x)) + ")";
            case JsonataArrayNode array:
                return Array(array, s, x);
            case JsonataObjectNode obj:
                return Object(obj, s, x);
            case JsonataBlockNode block:
                return Block(block, s, x);
            case JsonataBindNode bind:
                return s + ".Bind(" + AslGenerator.StringLiteral(bind.Variable.Name) + ", " + Node(bind.Value, s, x) + ")";
            case JsonataFunctionCallNode { IsPartial: false } call:
                return Call(call, s, x, null);
            case JsonataFunctionCallNode partial:
                return Partial(partial, s, x);
            case JsonataLambdaNode { IsThunk: true, Body: JsonataFunctionCallNode tail }:
                return TailCall(tail, s, x);
            case JsonataLambdaNode { IsThunk: false } lambda:
                return Lambda(lambda, s, x);
            case JsonataTransformNode transform:
                return Transform(transform, s);
            case JsonataRegexNode regex:
                return Field(
                    "global::AslCompiler.Runtime.Compiled.JsonataRegexLiteral",
                    "new global::AslCompiler.Runtime.Compiled.JsonataRegexLiteral(" + AslGenerator.StringLiteral(regex.Pattern) + ", " + Bool(regex.IgnoreCase) + ", " +
                    Bool(regex.Multiline) + ", " + Int(regex.Position) + ")") + ".Value(" + s + ")";
            case JsonataApplyNode { Right: JsonataFunctionCallNode { IsPartial: false } applied } apply:
                // lhs ~> $f(args): lhs first, then the call with lhs as its first argument.
                return Call(applied, s, x, Node(apply.Left, s, x));
            case JsonataApplyNode apply:
                // lhs ~> $f (a function value): applied, or composed with a function on the left.
                return s + ".ApplyTo(" + Node(apply.Left, s, x) + ", " + Node(apply.Right, s, x) + ", " + Int(apply.Position) + ")";
            default:
                throw new NotCompiledException(node.Kind.ToString());
        }
    }

    private string Path(JsonataPathNode path, string s, string x)
    {
        if (NeedsPathWalk(path))
        {
            return PathWalk(path, s, x);
        }

        var steps = path.Steps;
        var current = Ops + "PathInput(" + x + ", " + Bool(steps[0].Kind == JsonataNodeKind.Variable) + ")";
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            CheckNoBindings(step);
            var first = Bool(i == 0);
            var last = Bool(i == steps.Count - 1);
            var plain = step.Predicates.Count == 0 && step.Stages.Count == 0 && !step.KeepArray && step.GroupBy is null;
            if (i == 0 && step.ConsArray)
            {
                // The evaluator runs a leading array constructor once over the whole input (stages do not apply).
                var (ls, lx) = Lambda();
                current = Ops + "ConsStep(" + current + ", " + s + ", static (" + ls + ", " + lx + ") => " + Node(step, ls, lx) + ")";
            }
            else if (plain && !_checked && step is JsonataNameNode name)
            {
                current = Ops + "NameStep(" + current + ", " + first + ", " + AslGenerator.StringLiteral(name.Name) + ", " + last + ")";
            }
            else if (plain && !_checked && step is JsonataVariableNode { IsContext: false } variable)
            {
                current = Ops + "ValueStep(" + current + ", " + first + ", " + s + ".Variable(" + AslGenerator.StringLiteral(variable.Name) + "), " + last + ")";
            }
            else if (step is JsonataSortNode sort)
            {
                // The evaluator sorts the whole sequence at once (not per item) and applies no predicates of the node.
                if (step.Stages.Count > 0 || step.Predicates.Count > 0 || step.GroupBy is not null || (i == 0 && step.ConsArray))
                {
                    throw new NotCompiledException("sort");
                }

                var (descending, terms) = SortTerms(sort);
                current = Ops + "SortStep(" + current + ", " + first + ", " + s + ", " + Int(sort.Position) + ", " + descending + ", " + terms + ")";
            }
            else
            {
                var (ls, lx) = Lambda();
                var value = Node(step, ls, lx);
                foreach (var stage in step.Stages)
                {
                    value = Filter(value, stage, ls);
                }

                current = Ops + "Step(" + current + ", " + first + ", " + s + ", static (" + ls + ", " + lx + ") => " + value + ", " + last + ")";
            }
        }

        if (path.KeepSingletonArray)
        {
            current = Ops + "KeepSingleton(" + current + ")";
        }

        return path.GroupBy is { } group ? Group(current, group, s) : current;
    }

    // A path with bindings (@, #), a step a % refers to, or an order-by with stages: the evaluator's own path walk
    // (JsonataEvaluator.Path) over the steps' generated code.
    private static bool NeedsPathWalk(JsonataPathNode path)
    {
        if (path.Tuple)
        {
            return true;
        }

        foreach (var step in path.Steps)
        {
            if (step.Tuple || step.FocusVariable is not null || step.IndexVariable is not null || step.Ancestor is not null
                || (step is JsonataSortNode && (step.Stages.Count > 0 || step.Predicates.Count > 0 || step.GroupBy is not null)))
            {
                return true;
            }

            foreach (var stage in step.Stages)
            {
                if (stage.Kind != JsonataStageKind.Filter)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private string PathWalk(JsonataPathNode path, string s, string x)
    {
        var steps = new List<string>();
        for (var i = 0; i < path.Steps.Count; i++)
        {
            var step = path.Steps[i];
            string body = "null";
            string sortPosition = "0", sortDescending = "null", sortTerms = "null";
            if (step is JsonataSortNode sort)
            {
                // The walk sorts, then applies the stages (as the evaluator's, which never evaluates the order-by as a
                // node there, so predicates or a group-by of its own do not apply either).
                if (i == 0 && step.ConsArray)
                {
                    throw new NotCompiledException("sort");
                }

                sortPosition = Int(sort.Position);
                (sortDescending, sortTerms) = SortTerms(sort);
            }
            else
            {
                var (bs, bx) = Lambda();
                body = "static (" + bs + ", " + bx + ") => " + Node(step, bs, bx);
            }

            var variables = new List<string>();
            var filters = new List<string>();
            foreach (var stage in step.Stages)
            {
                if (stage.Kind == JsonataStageKind.Filter)
                {
                    var (fs, fv) = Lambda();
                    variables.Add("null");
                    filters.Add("static (" + fs + ", " + fv + ") => " + Filter(fv, stage, fs));
                }
                else
                {
                    variables.Add(AslGenerator.StringLiteral(stage.Variable!));
                    filters.Add("null");
                }
            }

            steps.Add("new global::AslCompiler.Runtime.Compiled.JsonataCompiledStep(" + body + ", " + Bool(step.Tuple) + ", " + Bool(step.ConsArray) + ", " +
                NameLiteral(step.FocusVariable) + ", " + NameLiteral(step.IndexVariable) + ", " + NameLiteral(step.Ancestor?.Label) + ", " +
                "new string?[] { " + string.Join(", ", variables) + " }, new " + Body + "?[] { " + string.Join(", ", filters) + " }, " +
                sortPosition + ", " + sortDescending + ", " + sortTerms + ")");
        }

        var group = "null";
        if (path.GroupBy is { } groupBy)
        {
            var (gs, gv) = Lambda();
            group = "static (" + gs + ", " + gv + ") => " + Group(gv, groupBy, gs);
        }

        var field = Field(
            "global::AslCompiler.Runtime.Compiled.JsonataCompiledPath",
            "new global::AslCompiler.Runtime.Compiled.JsonataCompiledPath(" + Bool(path.Steps[0].Kind == JsonataNodeKind.Variable) + ", " + Bool(path.Tuple) + ", " +
            Bool(path.KeepSingletonArray) + ", " + group + ", " + string.Join(", ", steps) + ")");
        return field + ".Evaluate(" + s + ", " + x + ")";
    }

    // Group-by {key: value} over a value: the object constructor's grouping (JsonataEvaluator.Group).
    private string Group(string value, JsonataGroupBy group, string s) => Pairs(value, group.Pairs, group.Position, s);

    private string Filter(string value, JsonataStage predicate, string s)
    {
        if (predicate.Expression is JsonataNumberNode number)
        {
            // The evaluator selects by a number literal's value without evaluating the literal as a node.
            return Ops + "Index(" + value + ", " + DoubleLiteral(number.Value) + ")";
        }

        var (ls, lx) = Lambda();
        return Ops + "Filter(" + value + ", " + s + ", static (" + ls + ", " + lx + ") => " + Node(predicate.Expression!, ls, lx) + ")";
    }

    private string Binary(JsonataBinaryNode binary, string s, string x)
    {
        var left = Node(binary.Left, s, x);
        var right = Node(binary.Right, s, x);
        var position = Int(binary.Position);
        switch (binary.Operator)
        {
            case JsonataBinaryOperator.And:
                return Ops + "Bool(" + Ops + "Truthy(" + left + ") && " + Ops + "Truthy(" + right + "))";
            case JsonataBinaryOperator.Or:
                return Ops + "Bool(" + Ops + "Truthy(" + left + ") || " + Ops + "Truthy(" + right + "))";
            default:
                return Ops + OperatorMethod(binary.Operator) + "(" + left + ", " + right + ", " + position + ")";
        }
    }

    private static string OperatorMethod(JsonataBinaryOperator op) => op switch
    {
        JsonataBinaryOperator.Add => "Add",
        JsonataBinaryOperator.Subtract => "Subtract",
        JsonataBinaryOperator.Multiply => "Multiply",
        JsonataBinaryOperator.Divide => "Divide",
        JsonataBinaryOperator.Modulo => "Modulo",
        JsonataBinaryOperator.Equal => "Equal",
        JsonataBinaryOperator.NotEqual => "NotEqual",
        JsonataBinaryOperator.LessThan => "Less",
        JsonataBinaryOperator.LessThanOrEqual => "LessOrEqual",
        JsonataBinaryOperator.GreaterThan => "Greater",
        JsonataBinaryOperator.GreaterThanOrEqual => "GreaterOrEqual",
        JsonataBinaryOperator.Concat => "Concat",
        JsonataBinaryOperator.In => "In",
        JsonataBinaryOperator.Range => "Range",
        _ => throw new NotCompiledException(op.ToString()),
    };

    private string Array(JsonataArrayNode array, string s, string x)
    {
        if (array.Items.Count > 64)
        {
            throw new NotCompiledException("array constructor of more than 64 items");
        }

        ulong nested = 0;
        var items = new StringBuilder();
        for (var i = 0; i < array.Items.Count; i++)
        {
            var item = array.Items[i];
            if (item.Kind == JsonataNodeKind.Array)
            {
                nested |= 1UL << i;
            }

            items.Append(", ").Append(Node(item, s, x));
        }

        return Ops + "Array(" + Bool(array.ConsArray) + ", 0x" + nested.ToString("X", CultureInfo.InvariantCulture) + "UL" + items + ")";
    }

    private string Object(JsonataObjectNode obj, string s, string x) => Pairs(x, obj.Pairs, obj.Position, s);

    private string Pairs(string input, IReadOnlyList<JsonataObjectPair> pairs, int position, string s)
    {
        var keys = new List<string>();
        var values = new List<string>();
        foreach (var pair in pairs)
        {
            var (ks, kx) = Lambda();
            keys.Add("static (" + ks + ", " + kx + ") => " + Node(pair.Key, ks, kx));
            var (vs, vx) = Lambda();
            values.Add("static (" + vs + ", " + vx + ") => " + Node(pair.Value, vs, vx));
        }

        return Ops + "Object(" + input + ", " + s + ", " + Int(position) +
            ", new " + Body + "[] { " + string.Join(", ", keys) + " }" +
            ", new " + Body + "[] { " + string.Join(", ", values) + " })";
    }

    private string Block(JsonataBlockNode block, string s, string x)
    {
        var (bs, bx) = Lambda();
        var items = new List<string>();
        foreach (var expression in block.Expressions)
        {
            items.Add(Node(expression, bs, bx));
        }

        return s + ".Block(" + x + ", static (" + bs + ", " + bx + ") => " + Ops + "Last(" + string.Join(", ", items) + "))";
    }

    private string Call(JsonataFunctionCallNode call, string s, string x, string? appliedTo)
    {
        // The procedure is evaluated when the call runs, as the evaluator does, so a variable that shadows a built-in
        // behaves the same; an undefined procedure whose path starts with a bound name is T1005.
        var procedure = Node(call.Procedure, s, x);
        if (ProcedurePathName(call.Procedure) is { } first)
        {
            procedure = s + ".Called(" + procedure + ", " + Int(call.Position) + ", " + AslGenerator.StringLiteral(first) + ")";
        }

        var builder = new StringBuilder();
        builder.Append(s).Append(appliedTo is null ? ".Call(" : ".CallApplied(").Append(x);
        if (appliedTo is not null)
        {
            builder.Append(", ").Append(appliedTo);
        }

        builder.Append(", ").Append(procedure)
            .Append(", ").Append(Int(call.Position))
            .Append(", ").Append(NameLiteral(ProcedureName(call.Procedure)));
        foreach (var argument in call.Arguments)
        {
            builder.Append(", ").Append(Node(argument, s, x));
        }

        return builder.Append(')').ToString();
    }

    // A partial application: the arguments (placeholders marked), then the procedure, as the evaluator evaluates them.
    private string Partial(JsonataFunctionCallNode partial, string s, string x)
    {
        var arguments = new List<string>();
        foreach (var argument in partial.Arguments)
        {
            arguments.Add(argument.Kind == JsonataNodeKind.Placeholder ? Ops + "Placeholder" : Node(argument, s, x));
        }

        return s + ".Partial(new object?[] { " + string.Join(", ", arguments) + " }, " + Node(partial.Procedure, s, x) + ", " + Int(partial.Position) +
            ", " + NameLiteral(ProcedurePathName(partial.Procedure)) + ", " + NameLiteral(ProcedureName(partial.Procedure)) + ")";
    }

    // A transform: a function over the scope it is written in; pattern, update and delete run on each application.
    private string Transform(JsonataTransformNode transform, string s)
    {
        var (ps, px) = Lambda();
        var pattern = "static (" + ps + ", " + px + ") => " + Node(transform.Pattern, ps, px);
        var (us, ux) = Lambda();
        var update = "static (" + us + ", " + ux + ") => " + Node(transform.Update, us, ux);
        var delete = "null";
        if (transform.Delete is { } deletion)
        {
            var (ds, dx) = Lambda();
            delete = "static (" + ds + ", " + dx + ") => " + Node(deletion, ds, dx);
        }

        return s + ".Transform(" + Int(transform.Position) + ", " + Int(transform.Update.Position) + ", " + Int(transform.Delete?.Position ?? -1) + ", " +
            pattern + ", " + update + ", " + delete + ")";
    }

    // A lambda: a closure over the scope and context item; its body is a static method body run by the evaluator's
    // Apply (signature, arity and parameter binding as for an interpreted lambda).
    private string Lambda(JsonataLambdaNode lambda, string s, string x)
    {
        _sawLambda = true;
        var parameters = new List<string>();
        foreach (var parameter in lambda.Parameters)
        {
            parameters.Add(AslGenerator.StringLiteral(parameter));
        }

        var names = Field("string[]", "new string[] { " + string.Join(", ", parameters) + " }");
        var (ls, lx) = Lambda();
        return s + ".Lambda(" + x + ", " + names + ", " + NameLiteral(lambda.Signature?.Definition) + ", static (" + Scope + " " + ls + ", object? " + lx + ") => " +
            Node(lambda.Body, ls, lx) + ")";
    }

    // A call in tail position of a lambda body (the parser's thunk): the procedure and arguments are evaluated by the
    // evaluator's Apply loop, in the scope and on the context of the call, so tail recursion runs in constant stack.
    private string TailCall(JsonataFunctionCallNode call, string s, string x)
    {
        _sawLambda = true;
        var (ps, px) = Lambda();
        var procedure = "static (" + ps + ", " + px + ") => " + Node(call.Procedure, ps, px);
        var (As, ax) = Lambda();
        var arguments = new List<string>();
        foreach (var argument in call.Arguments)
        {
            arguments.Add(Node(argument, As, ax));
        }

        var name = call.Procedure is JsonataVariableNode variable ? variable.Name : null;
        return s + ".TailCall(" + x + ", " + Int(call.Position) + ", " + NameLiteral(name) + ", " + procedure +
            ", static (" + As + ", " + ax + ") => " + Ops + "Arguments(" + string.Join(", ", arguments) + "))";
    }

    // The first step's name when a called procedure is a path starting with a field name (JsonataEvaluator.ProcedurePathName).
    private static string? ProcedurePathName(JsonataNode procedure) =>
        procedure is JsonataPathNode path && path.Steps[0] is JsonataNameNode first ? first.Name : null;

    // The name a call's errors carry (JsonataEvaluator.ProcedureName).
    private static string? ProcedureName(JsonataNode procedure) =>
        ProcedurePathName(procedure) ?? (procedure is JsonataVariableNode variable ? variable.Name : null);

    private static string NameLiteral(string? name) => name is null ? "null" : AslGenerator.StringLiteral(name);

    // A static field of the generated class, declared once the expression compiles.
    private string Field(string type, string initializer)
    {
        var name = "JsonataStatic" + _fieldCount.ToString(CultureInfo.InvariantCulture);
        _fieldCount++;
        _fields.Add("private static readonly " + type + " " + name + " = " + initializer + ";");
        return name;
    }

    private (string Scope, string Input) Lambda()
    {
        _lambdas++;
        var suffix = _lambdas.ToString(CultureInfo.InvariantCulture);
        return ("s" + suffix, "x" + suffix);
    }

    private static string Bool(bool value) => value ? "true" : "false";

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed class NotCompiledException : Exception
    {
        public NotCompiledException(string message)
            : base(message)
        {
        }
    }
}
