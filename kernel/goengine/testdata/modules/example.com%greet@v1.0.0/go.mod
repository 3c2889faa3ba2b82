module example.com/greet

go 1.21

require example.com/shout v1.1.0
