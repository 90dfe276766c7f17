package io.cascadelab.dynamo.expression;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import io.cascadelab.dynamo.api.DynamoException;
import io.cascadelab.dynamo.expression.Ast.Operand;

/**
 * Recursive-descent parser for DynamoDB's condition, key-condition, filter, update and projection expressions.
 * Placeholders are resolved while parsing, so undefined ones fail here, as in DynamoDB.
 */
public final class Parser {

    static final Set<String> RESERVED = loadReserved();
    private static final Set<String> CONDITION_FUNCTIONS =
            Set.of("attribute_exists", "attribute_not_exists", "attribute_type", "begins_with", "contains");
    private static final Set<String> OPERAND_FUNCTIONS = Set.of("size", "if_not_exists", "list_append");
    private static final Set<String> COMPARATORS = Set.of("=", "<>", "<", "<=", ">", ">=");
    /**
     * "The maximum length of any expression string is 4 KB. For example, the size of the ConditionExpression a=b is
     * 3 bytes" (DynamoDB developer guide, Constraints, "Expression parameters"; 1 KB = 1024 bytes there): UTF-8 bytes
     * of the expression as sent, before placeholders are substituted. The guide lists projection, condition, update
     * and filter expressions; Cascade applies the same limit to key-condition expressions, which no valid query comes
     * near.
     */
    private static final int MAX_EXPRESSION_BYTES = 4096;

    private enum Kind { NAME, HASH, COLON, NUMBER, PUNCT, EOF }

    private record Token(Kind kind, String text, int position) {
        boolean is(String punct) {
            return kind == Kind.PUNCT && text.equals(punct);
        }

        boolean isKeyword(String keyword) {
            return kind == Kind.NAME && text.equalsIgnoreCase(keyword);
        }
    }

    private final String label;
    private final String source;
    private final ExpressionContext context;
    private final List<Token> tokens;
    private int next;

    private Parser(String label, String source, ExpressionContext context) {
        this.label = label;
        this.source = source;
        this.context = context;
        if (source.isEmpty()) {
            throw DynamoException.validation("Invalid " + label + ": The expression can not be empty;");
        }
        int bytes = source.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_EXPRESSION_BYTES) {
            // DynamoDB's wording, size included (e.g. "...; expression size: 4109").
            throw DynamoException.validation("Invalid " + label
                    + ": Expression size has exceeded the maximum allowed size; expression size: " + bytes);
        }
        this.tokens = tokenize();
    }

    public static Ast.Condition condition(String label, String source, ExpressionContext context) {
        Parser p = new Parser(label, source, context);
        Ast.Condition c = p.or();
        p.expectEnd();
        return c;
    }

    public static List<Path> projection(String source, ExpressionContext context) {
        Parser p = new Parser("ProjectionExpression", source, context);
        List<Path> paths = new ArrayList<>();
        do {
            paths.add(p.path());
        } while (p.accept(","));
        p.expectEnd();
        for (int i = 0; i < paths.size(); i++) {
            for (int j = i + 1; j < paths.size(); j++) {
                if (paths.get(i).overlaps(paths.get(j))) {
                    throw DynamoException.validation("Invalid ProjectionExpression: Two document paths overlap with each"
                            + " other; must remove or rewrite one of these paths; path one: " + paths.get(i)
                            + ", path two: " + paths.get(j));
                }
            }
        }
        return paths;
    }

    public static List<Ast.UpdateAction> update(String source, ExpressionContext context) {
        Parser p = new Parser("UpdateExpression", source, context);
        List<Ast.UpdateAction> actions = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        while (p.peek().kind != Kind.EOF) {
            Token clause = p.take();
            String name = clause.text.toUpperCase(Locale.ROOT);
            if (clause.kind != Kind.NAME || !Set.of("SET", "REMOVE", "ADD", "DELETE").contains(name)) {
                throw p.syntaxError(clause);
            }
            if (!seen.add(name)) {
                throw DynamoException.validation("Invalid UpdateExpression: The \"" + name
                        + "\" section can only be used once in an update expression;");
            }
            do {
                Path path = p.path();
                switch (name) {
                    case "SET" -> {
                        p.expect("=");
                        actions.add(new Ast.UpdateAction(name, path, p.setValue()));
                    }
                    case "REMOVE" -> actions.add(new Ast.UpdateAction(name, path, null));
                    default -> {
                        Operand operand = p.primaryOperand();
                        if (!(operand instanceof Ast.ValueOperand)) {
                            throw p.syntaxError(p.tokens.get(p.next - 1));
                        }
                        actions.add(new Ast.UpdateAction(name, path, operand));
                    }
                }
            } while (p.accept(","));
        }
        if (actions.isEmpty()) {
            throw DynamoException.validation("Invalid UpdateExpression: The expression can not be empty;");
        }
        for (int i = 0; i < actions.size(); i++) {
            for (int j = i + 1; j < actions.size(); j++) {
                Path a = actions.get(i).path();
                Path b = actions.get(j).path();
                if (a.equals(b)) {
                    throw DynamoException.validation("Invalid UpdateExpression: Two document paths conflict with each"
                            + " other; must remove or rewrite one of these paths; path one: " + a + ", path two: " + b);
                }
                if (a.overlaps(b)) {
                    throw DynamoException.validation("Invalid UpdateExpression: Two document paths overlap with each"
                            + " other; must remove or rewrite one of these paths; path one: " + a + ", path two: " + b);
                }
            }
        }
        return actions;
    }

    // condition := or ; or := and (OR and)* ; and := not (AND not)* ; not := NOT not | primary
    private Ast.Condition or() {
        Ast.Condition left = and();
        while (peek().isKeyword("OR")) {
            take();
            left = new Ast.Or(left, and());
        }
        return left;
    }

    private Ast.Condition and() {
        Ast.Condition left = not();
        while (peek().isKeyword("AND")) {
            take();
            left = new Ast.And(left, not());
        }
        return left;
    }

    private Ast.Condition not() {
        if (peek().isKeyword("NOT")) {
            take();
            return new Ast.Not(not());
        }
        return primaryCondition();
    }

    private Ast.Condition primaryCondition() {
        if (accept("(")) {
            Ast.Condition inner = or();
            expect(")");
            return inner;
        }
        Operand left = conditionOperand();
        if (left instanceof Ast.Call call && CONDITION_FUNCTIONS.contains(call.function())) {
            checkConditionFunction(call);
            return call;
        }
        Token t = peek();
        if (t.kind == Kind.PUNCT && COMPARATORS.contains(t.text)) {
            take();
            Operand right = conditionOperand();
            requireOperand(left);
            requireOperand(right);
            return new Ast.Compare(t.text, left, right);
        }
        if (t.isKeyword("BETWEEN")) {
            take();
            Operand low = conditionOperand();
            if (!peek().isKeyword("AND")) {
                throw syntaxError(peek());
            }
            take();
            Operand high = conditionOperand();
            requireOperand(left);
            requireOperand(low);
            requireOperand(high);
            return new Ast.Between(left, low, high);
        }
        if (t.isKeyword("IN")) {
            take();
            expect("(");
            List<Operand> candidates = new ArrayList<>();
            do {
                Operand candidate = conditionOperand();
                requireOperand(candidate);
                candidates.add(candidate);
            } while (accept(","));
            expect(")");
            if (candidates.size() > 100) {
                throw DynamoException.validation("Invalid " + label
                        + ": The IN operator is provided with too many operands; number of operands: " + candidates.size());
            }
            requireOperand(left);
            return new Ast.In(left, candidates);
        }
        throw syntaxError(t);
    }

    private void requireOperand(Operand operand) {
        if (operand instanceof Ast.Call call && !call.function().equals("size")) {
            throw DynamoException.validation("Invalid " + label + ": The function is not allowed to be used this way in"
                    + " an expression; function: " + call.function());
        }
    }

    private void checkConditionFunction(Ast.Call call) {
        int expected = switch (call.function()) {
            case "attribute_exists", "attribute_not_exists" -> 1;
            default -> 2;
        };
        if (call.arguments().size() != expected) {
            throw DynamoException.validation("Invalid " + label + ": Incorrect number of operands for operator or"
                    + " function; operator or function: " + call.function() + ", number of operands: "
                    + call.arguments().size());
        }
        if (!(call.arguments().get(0) instanceof Ast.PathOperand)) {
            throw DynamoException.validation("Invalid " + label + ": Operator or function requires a document path;"
                    + " operator or function: " + call.function());
        }
        for (Operand argument : call.arguments()) {
            requireOperand(argument);
        }
        if (call.function().equals("attribute_type") && call.arguments().get(1) instanceof Ast.ValueOperand v) {
            Set<String> types = Set.of("S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS");
            if (!(v.value() instanceof io.cascadelab.dynamo.item.Value.S s) || !types.contains(s.value())) {
                throw DynamoException.validation("Invalid " + label + ": Invalid attribute type name found; type: "
                        + (v.value() instanceof io.cascadelab.dynamo.item.Value.S s ? s.value() : v.value().type())
                        + ", valid types: { B,NULL,SS,BOOL,L,BS,N,NS,S,M }");
            }
        }
    }

    /** A condition operand: path, value, or a function call (validated by the caller). */
    private Operand conditionOperand() {
        Token t = peek();
        if (t.kind == Kind.NAME && peekAt(1).is("(")) {
            return call(false);
        }
        return primaryOperand();
    }

    private Operand setValue() {
        Operand left = setOperand();
        if (peek().is("+") || peek().is("-")) {
            char op = take().text.charAt(0);
            Operand right = setOperand();
            return new Ast.Arithmetic(op, left, right);
        }
        return left;
    }

    private Operand setOperand() {
        Token t = peek();
        if (t.kind == Kind.NAME && peekAt(1).is("(")) {
            return call(true);
        }
        return primaryOperand();
    }

    private Ast.Call call(boolean inUpdate) {
        Token nameToken = take();
        String function = nameToken.text;
        if (!CONDITION_FUNCTIONS.contains(function) && !OPERAND_FUNCTIONS.contains(function)) {
            throw DynamoException.validation("Invalid " + label + ": Invalid function name; function: " + function);
        }
        boolean allowed = inUpdate ? Set.of("if_not_exists", "list_append").contains(function)
                : !Set.of("if_not_exists", "list_append").contains(function);
        if (!allowed) {
            throw DynamoException.validation("Invalid " + label + ": The function is not allowed in a "
                    + (inUpdate ? "update" : "condition") + " expression; function: " + function);
        }
        expect("(");
        List<Operand> arguments = new ArrayList<>();
        if (!peek().is(")")) {
            do {
                arguments.add(inUpdate ? setValue() : conditionOperand());
            } while (accept(","));
        }
        expect(")");
        if (function.equals("size")) {
            if (arguments.size() != 1) {
                throw DynamoException.validation("Invalid " + label + ": Incorrect number of operands for operator or"
                        + " function; operator or function: size, number of operands: " + arguments.size());
            }
            if (!(arguments.get(0) instanceof Ast.PathOperand)) {
                throw DynamoException.validation("Invalid " + label + ": Operator or function requires a document path;"
                        + " operator or function: size");
            }
        }
        if (inUpdate) {
            if (arguments.size() != 2) {
                throw DynamoException.validation("Invalid " + label + ": Incorrect number of operands for operator or"
                        + " function; operator or function: " + function + ", number of operands: " + arguments.size());
            }
            if (function.equals("if_not_exists") && !(arguments.get(0) instanceof Ast.PathOperand)) {
                throw DynamoException.validation("Invalid " + label + ": Operator or function requires a document path;"
                        + " operator or function: if_not_exists");
            }
        }
        return new Ast.Call(function, arguments);
    }

    private Operand primaryOperand() {
        Token t = peek();
        if (t.kind == Kind.COLON) {
            take();
            return new Ast.ValueOperand(t.text, context.value(t.text));
        }
        if (t.kind == Kind.NAME || t.kind == Kind.HASH) {
            return new Ast.PathOperand(path());
        }
        throw syntaxError(t);
    }

    private Path path() {
        List<Object> elements = new ArrayList<>();
        elements.add(pathName());
        while (true) {
            if (peek().is(".")) {
                take();
                elements.add(pathName());
            } else if (peek().is("[")) {
                take();
                Token index = take();
                if (index.kind != Kind.NUMBER) {
                    throw syntaxError(index);
                }
                elements.add(Integer.parseInt(index.text));
                expect("]");
            } else {
                return new Path(elements);
            }
        }
    }

    private String pathName() {
        Token t = take();
        if (t.kind == Kind.HASH) {
            return context.name(t.text);
        }
        if (t.kind != Kind.NAME) {
            throw syntaxError(t);
        }
        if (RESERVED.contains(t.text.toUpperCase(Locale.ROOT))) {
            throw DynamoException.validation("Invalid " + label + ": Attribute name is a reserved keyword; reserved"
                    + " keyword: " + t.text);
        }
        return t.text;
    }

    private Token peek() {
        return tokens.get(next);
    }

    private Token peekAt(int ahead) {
        return tokens.get(Math.min(next + ahead, tokens.size() - 1));
    }

    private Token take() {
        Token t = tokens.get(next);
        if (t.kind != Kind.EOF) {
            next++;
        }
        return t;
    }

    private boolean accept(String punct) {
        if (peek().is(punct)) {
            next++;
            return true;
        }
        return false;
    }

    private void expect(String punct) {
        if (!accept(punct)) {
            throw syntaxError(peek());
        }
    }

    private void expectEnd() {
        if (peek().kind != Kind.EOF) {
            throw syntaxError(peek());
        }
    }

    private DynamoException syntaxError(Token t) {
        String token = t.kind == Kind.EOF ? "<EOF>" : t.text;
        int from = Math.max(0, t.position - 8);
        int to = Math.min(source.length(), t.position + token.length() + 8);
        return DynamoException.validation("Invalid " + label + ": Syntax error; token: \"" + token + "\", near: \""
                + source.substring(from, to) + "\"");
    }

    private List<Token> tokenize() {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int start = i;
            if (c == '#' || c == ':') {
                i++;
                while (i < source.length() && isWordChar(source.charAt(i))) {
                    i++;
                }
                if (i == start + 1) {
                    throw DynamoException.validation("Invalid " + label + ": Syntax error; token: \"" + c
                            + "\", near: \"" + source.substring(start, Math.min(source.length(), start + 8)) + "\"");
                }
                out.add(new Token(c == '#' ? Kind.HASH : Kind.COLON, source.substring(start, i), start));
            } else if (Character.isLetter(c) || c == '_') {
                while (i < source.length() && isWordChar(source.charAt(i))) {
                    i++;
                }
                out.add(new Token(Kind.NAME, source.substring(start, i), start));
            } else if (Character.isDigit(c)) {
                while (i < source.length() && Character.isDigit(source.charAt(i))) {
                    i++;
                }
                out.add(new Token(Kind.NUMBER, source.substring(start, i), start));
            } else if ((c == '<' || c == '>') && i + 1 < source.length()
                    && (source.charAt(i + 1) == '=' || (c == '<' && source.charAt(i + 1) == '>'))) {
                out.add(new Token(Kind.PUNCT, source.substring(i, i + 2), start));
                i += 2;
            } else if ("=<>(),.[]+-".indexOf(c) >= 0) {
                out.add(new Token(Kind.PUNCT, String.valueOf(c), start));
                i++;
            } else {
                throw DynamoException.validation("Invalid " + label + ": Syntax error; token: \"" + c + "\", near: \""
                        + source.substring(start, Math.min(source.length(), start + 8)) + "\"");
            }
        }
        out.add(new Token(Kind.EOF, "", source.length()));
        return out;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private static Set<String> loadReserved() {
        try (var in = Parser.class.getResourceAsStream("reserved-words.txt");
             var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return reader.lines().map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
